"""An exported session with its debrief imports again; a forged debrief line is refused at its line."""

from __future__ import annotations

import json

import pytest
from drill_play import MINI, play

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.debrief import hot_wash_answers, improvement_plan
from cyberdrill.import_check import import_file
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.store.export import ExportError, export_lines


def _exported(mini: LoadedPack) -> list[dict]:  # type: ignore[type-arg]
    drill = play(mini, mini.scripts["solution"])
    drill.execute(cmd.OpenHotWash(at=0))
    drill.execute(cmd.AnswerHotWash(at=0, team="th-cert", went_well=("fast freeze",), ratings={"triage": 4}))
    drill.execute(cmd.AddObservation(at=0, team="ru-cert", text="quiet start"))
    drill.execute(cmd.SetPlanItem(at=0, team="th-cert", source="step:th.freeze", issue="late", action="template",
                                  owner="ThaiCERT", start="2027-01-01", completion="2027-02-01"))
    drill.execute(cmd.SetPlanItem(at=0, item="P1", team="th-cert", source="step:th.freeze", issue="late",
                                  action="template", owner="BoT"))
    drill.execute(cmd.SetPlanItem(at=0, source="observation", issue="x", action="y"))
    drill.execute(cmd.RemovePlanItem(at=0, item="P2"))
    return [json.loads(line) for line in export_lines(drill.log, drill.session_id)]


def _import(rows: list[dict]) -> MemoryLog:  # type: ignore[type-arg]
    log = MemoryLog()
    import_file(log, [json.dumps(row) for row in rows], "drill.jsonl", [MINI.parent])
    return log


def test_a_session_with_its_debrief_imports_and_replays(mini: LoadedPack) -> None:
    rows = _exported(mini)
    log = _import(rows)
    session = rows[0]["session"]["id"]
    state = DrillService(log, mini).open(session).state
    assert [a.ratings for a in hot_wash_answers(state)] == [{"triage": 4}]
    assert [(p.item, p.owner) for p in improvement_plan(state)] == [("P1", "BoT")]


@pytest.mark.parametrize(("kind", "change", "said"), [
    ("hotwash_answered", {"ratings": {"triage": 9}}, "the rating of triage must be 1 to 5"),
    ("hotwash_answered", {"team": "nobody"}, "not playing"),
    ("plan_item_set", {"completion": "2026-12-31"}, "on or after the start"),
    ("plan_item_set", {"item": "P7"}, "item: the engine gives"),  # a new row's id is the engine's
])
def test_a_forged_debrief_line_is_refused(mini: LoadedPack, kind: str, change: dict, said: str) -> None:  # type: ignore[type-arg]
    rows = _exported(mini)
    row = next(r for r in rows if r.get("type") == kind)
    row.update(change)
    with pytest.raises(ExportError, match=rf"drill\.jsonl:{row['seq'] + 1}: error: .*{said}"):
        _import(rows)


def test_an_answer_before_the_hot_wash_opened_is_refused(mini: LoadedPack) -> None:
    rows = _exported(mini)
    rows = [r for r in rows if r.get("type") != "hotwash_opened"]
    for n, row in enumerate((r for r in rows if "seq" in r), start=1):
        row["seq"] = n
    with pytest.raises(ExportError, match="not open"):
        _import(rows)
