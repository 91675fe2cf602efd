"""Playing the flagship pack headless in tests: the solution, edited, and what the teams received."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import ScriptEntry, format_clock
from cyberdrill.script import play_script
from cyberdrill.service import Drill, DrillService
from cyberdrill.store.base import MemoryLog

Pick = Callable[[ScriptEntry], bool]


def entry_is(team: str, action: str, to: str | None = None) -> Pick:
    """A predicate picking the script entries of `team` taking `action` (addressed `to`, if given)."""

    def pick(entry: ScriptEntry) -> bool:
        return (entry.team == team and entry.action == action
                and (to is None or entry.fields.get("to") == to))

    return pick


def edited(script: list[ScriptEntry], pick: Pick, *, drop: bool = False, at: str | None = None,
           fields: dict[str, Any] | None = None) -> list[ScriptEntry]:
    """`script` with the entries `pick` selects dropped, moved to `at`, or with `fields` changed
    (a field set to None is removed). Fails when `pick` selects nothing, so a renamed step cannot
    make a test pass silently."""
    out: list[ScriptEntry] = []
    hits = 0
    for entry in script:
        if not pick(entry):
            out.append(entry)
            continue
        hits += 1
        if drop:
            continue
        data = entry.model_dump(by_alias=True, exclude_none=True)
        data["at"] = at or format_clock(entry.at)
        if fields:
            merged = {**data.get("fields", {}), **fields}
            data["fields"] = {k: v for k, v in merged.items() if v is not None}
        out.append(ScriptEntry.model_validate(data))
    assert hits, "the edit picked no entry of the script"
    return out


def play(loaded: LoadedPack, script: list[ScriptEntry], seed: int = 1) -> Drill:
    """A session of `loaded` with `script` played to the end; a refused entry fails the test."""
    drill = DrillService(MemoryLog(), loaded).start(seed=seed)
    refusals = play_script(drill, script)
    assert not refusals, [str(r) for r in refusals]
    return drill


def received(drill: Drill, team: str) -> dict[str, str]:
    """Inject id -> body of the latest message of that inject delivered to `team`."""
    return {m.inject: m.body for m in drill.state.messages if m.inject and team in m.to}


def step(drill: Drill, step_id: str):  # type: ignore[no-untyped-def]
    for team in drill.scorecard().teams:
        for result in team.steps:
            if result.step == step_id:
                return result
    raise KeyError(step_id)


def team_score(drill: Drill, team_id: str):  # type: ignore[no-untyped-def]
    return drill.scorecard().team(team_id)
