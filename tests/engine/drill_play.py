"""Ways to play the mini pack in the engine's tests (imported by the tests; conftest.py holds the fixture)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import ScriptEntry, format_clock
from cyberdrill.script import play_script
from cyberdrill.service import Drill, DrillService
from cyberdrill.store.base import MemoryLog

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "mini"


def entries(*items: dict[str, Any]) -> list[ScriptEntry]:
    """Script entries from plain dicts, as a script file would give them."""
    return [ScriptEntry.model_validate(item) for item in items]


def start(loaded: LoadedPack, seed: int = 1, **kwargs: Any) -> Drill:
    return DrillService(MemoryLog(), loaded).start(seed=seed, **kwargs)


def play(loaded: LoadedPack, script: list[ScriptEntry], seed: int = 1, end: bool = True) -> Drill:
    """A session of `loaded` with `script` played (and ended); refused entries fail the test."""
    drill = start(loaded, seed)
    refusals = play_script(drill, script, end=end)
    assert not refusals, [str(r) for r in refusals]
    return drill


def solution(loaded: LoadedPack, **changes: Any) -> list[ScriptEntry]:
    """The pack's solution, with entries changed: {index: {"at": ..., "fields": {...}}} by keyword
    `edit`, entries left out by `drop` (indices)."""
    edit: dict[int, dict[str, Any]] = changes.get("edit", {})
    drop: set[int] = set(changes.get("drop", ()))
    out = []
    for n, entry in enumerate(loaded.scripts["solution"]):
        if n in drop:
            continue
        data = entry.model_dump(by_alias=True, exclude_none=True)
        patch = edit.get(n, {})
        for key, value in patch.items():
            if key == "fields":
                data["fields"] = {**data["fields"], **value}
                data["fields"] = {k: v for k, v in data["fields"].items() if v is not None}
            else:
                data[key] = value
        if isinstance(data["at"], int):
            data["at"] = format_clock(data["at"])
        out.append(ScriptEntry.model_validate(data))
    return out


def step_result(drill: Drill, step: str):  # type: ignore[no-untyped-def]
    card = drill.scorecard()
    for team in card.teams:
        for result in team.steps:
            if result.step == step:
                return result
    raise KeyError(step)
