"""Across drills: a new session of the same pack shows a team last time's score, ratings and plan rows."""

from __future__ import annotations

from cyberdrill.engine import commands as cmd
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.script import play_script
from cyberdrill.service import DrillService, last_time
from cyberdrill.store.base import MemoryLog


def _at(log: MemoryLog, session: str, created: str) -> None:
    info = log.session(session)
    info.created_at = created
    log.update_session(info)


def test_a_new_session_finds_last_times_plan_and_score_of_the_same_team(mini: LoadedPack) -> None:
    log = MemoryLog()
    service = DrillService(log, mini)
    first = service.start(seed=1)
    assert play_script(first, mini.scripts["solution"], end=True) == []
    first.execute(cmd.SetPlanItem(at=0, team="th-cert", source="step:th.freeze", issue="late freeze",
                                  action="template", owner="ThaiCERT", completion="2027-03-01"))
    first.execute(cmd.SetPlanItem(at=0, team="ru-cert", source="observation", issue="ru only", action="x"))
    first.execute(cmd.SetPlanItem(at=0, source="observation", issue="both teams", action="y"))
    _at(log, first.session_id, "2026-11-01T10:00:00+00:00")
    unfinished = service.start(seed=2)  # never ended: it has no final score
    _at(log, unfinished.session_id, "2026-11-15T10:00:00+00:00")
    now = service.start(seed=3)
    _at(log, now.session_id, "2026-12-01T10:00:00+00:00")

    found = last_time(log, mini, now.session_id, "th-cert")
    assert found is not None and found.session == first.session_id
    assert found.percent == first.scorecard().team("th-cert").percent
    assert [(p.issue, p.owner, p.completion) for p in found.plan] == [
        ("late freeze", "ThaiCERT", "2027-03-01"), ("both teams", "", None)]
    assert set(found.ratings) == {"triage", "recovery"}  # the objectives of th-cert's steps
    assert last_time(log, mini, first.session_id, "th-cert") is None  # nothing before the first
