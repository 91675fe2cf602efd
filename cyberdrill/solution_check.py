"""`cyberdrill validate` plays the pack's reference solution: it must score full marks with any seed.

Two seeds are played, so that a solution that only works for one world (a hard-coded account number
instead of `{{ world... }}`) is caught.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberdrill.pack.loaded import Diagnostic, LoadedPack
from cyberdrill.pack.model import ScriptEntry

if TYPE_CHECKING:
    from cyberdrill.engine.scorecard import Scorecard
    from cyberdrill.script import Refusal

SEEDS = (1, 2)
SOLUTION = "solution"


def _positions(loaded: LoadedPack, file: str) -> dict[int, tuple[int, int]]:
    """Line and column of each entry of solution.yaml (entry index -> position)."""
    from cyberdrill.pack.folder import read_text
    from cyberdrill.pack.yamlnodes import parse_yaml

    try:
        doc = parse_yaml(read_text(loaded.root / "solution.yaml"), file)
    except (OSError, ValueError):
        return {}
    if not isinstance(doc.value, list):
        return {}
    return {i: (doc.at((i,)).line, doc.at((i,)).col) for i in range(len(doc.value))}


def _play(loaded: LoadedPack, entries: list[ScriptEntry], seed: int) -> tuple[list[Refusal], Scorecard]:
    from cyberdrill.script import play_script
    from cyberdrill.service import DrillService
    from cyberdrill.store.base import MemoryLog

    drill = DrillService(MemoryLog(), loaded).start(seed=seed, session_id=f"solution-check-{seed}")
    refusals = play_script(drill, entries)
    return refusals, drill.scorecard()


def check_solution(loaded: LoadedPack) -> list[Diagnostic]:
    """An error for every step the solution does not score in full (per seed), and for every entry the
    engine refuses; [] when the pack has no solution (the loader warns about that)."""
    from cyberdrill.pack.folder import display

    entries = loaded.scripts.get(SOLUTION)
    if entries is None:
        return []
    file = display(loaded.root / "solution.yaml")
    positions = _positions(loaded, file)
    found: dict[tuple[int, int, str], list[int]] = {}  # (line, col, message) -> the seeds it happens with
    for seed in SEEDS:
        try:
            refusals, card = _play(loaded, entries, seed)
        except Exception as exc:  # validate reports every failure, it never shows a traceback
            found.setdefault((1, 1, f"playing the solution failed: {type(exc).__name__}: {exc}"), []).append(seed)
            continue
        for refusal in refusals:
            index = next((i for i, e in enumerate(entries) if e is refusal.entry), None)
            line, col = positions.get(index, (1, 1)) if index is not None else (1, 1)
            found.setdefault((line, col, f"solution entry refused: {refusal}"), []).append(seed)
        for team in card.teams:
            for step in team.steps:
                if step.status == "void" or step.points >= step.max_points:
                    continue
                why = "; ".join(f"{r.text} ({r.points:g})" for r in step.reasons if r.points) or step.status
                message = (f"the solution scores {step.points:g} of {step.max_points:g} for step {step.step} "
                           f"({team.team}, {step.status}): {why}")
                found.setdefault((1, 1, message), []).append(seed)
    return [
        Diagnostic(file, line, col, f"{message} [seed{'s' if len(seeds) > 1 else ''} {', '.join(map(str, seeds))}]")
        for (line, col, message), seeds in found.items()
    ]
