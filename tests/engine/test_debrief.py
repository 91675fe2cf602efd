"""The debrief in the engine: the hot wash, observations and the improvement plan are events, accepted
after the session has ended, refused when they make no sense, and read back through engine/debrief.py."""

from __future__ import annotations

from typing import Any

import pytest
from drill_play import play, start

from cyberdrill.engine import commands as cmd
from cyberdrill.engine import events as ev
from cyberdrill.engine.commands import CommandRefused
from cyberdrill.engine.debrief import hot_wash_answers, hot_wash_open, improvement_plan, observations
from cyberdrill.engine.state import replay
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.service import Drill

TH, RU = "th-cert", "ru-cert"


def _ended(mini: LoadedPack) -> Drill:
    return play(mini, mini.scripts["solution"])


def _answer(drill: Drill, **changes: Any) -> list[ev.Event]:
    fields: dict[str, Any] = {"team": TH, "went_well": ("froze the transfer early",),
                              "to_improve": ("classify faster",), "commitments": ("drill RSIT monthly",),
                              "ratings": {"triage": 4, "recovery": 2}, "comment": "tired by the end",
                              "anonymous": True}
    fields.update(changes)
    return drill.execute(cmd.AnswerHotWash(at=drill.state.t, **fields))


def test_a_hot_wash_after_the_end_is_recorded_and_read_back(mini: LoadedPack) -> None:
    drill = _ended(mini)
    assert drill.state.ended and not hot_wash_open(drill.state)
    end_t = drill.state.t
    opened = drill.execute(cmd.OpenHotWash(at=0))
    assert [type(e) for e in opened] == [ev.HotWashOpened] and opened[0].t == end_t
    _answer(drill)
    _answer(drill, team=RU, went_well=("preserved logs",), to_improve=(), commitments=(),
            ratings={"cooperation": 5}, comment=None, anonymous=False)
    answers = hot_wash_answers(drill.state)
    assert [a.team for a in answers] == [TH, RU]
    assert answers[0].went_well == ("froze the transfer early",) and answers[0].ratings == {"triage": 4, "recovery": 2}
    assert answers[0].anonymous and answers[0].comment == "tired by the end"
    # a later answer of the same team replaces its earlier one, and keeps its place
    _answer(drill, ratings={"triage": 5})
    answers = hot_wash_answers(drill.state)
    assert [a.team for a in answers] == [TH, RU] and answers[0].ratings == {"triage": 5}


def test_answers_are_refused_before_the_hot_wash_opens(mini: LoadedPack) -> None:
    drill = _ended(mini)
    with pytest.raises(CommandRefused, match="not open"):
        _answer(drill)
    drill.execute(cmd.OpenHotWash(at=0))
    with pytest.raises(CommandRefused, match="already open"):
        drill.execute(cmd.OpenHotWash(at=0))


@pytest.mark.parametrize(("changes", "field"), [
    ({"seat": RU}, "team"),  # the seat of one team answering for another
    ({"team": "nobody"}, "team"),
    ({"ratings": {"triage": 6}}, "ratings"),
    ({"ratings": {"triage": 0}}, "ratings"),
    ({"ratings": {"triage": 3.5}}, "ratings"),
    ({"ratings": {"triage": True}}, "ratings"),
    ({"ratings": {"cooperation": 3}}, "ratings"),  # an objective of the other team only
    ({"ratings": {"nonsense": 3}}, "ratings"),
    ({"went_well": ("ok\x1b[2J",)}, "went_well"),
    ({"to_improve": ("   ",)}, "to_improve"),
    ({"commitments": tuple(f"line {n}" for n in range(11))}, "commitments"),
    ({"comment": "x" * 5001}, "comment"),
])
def test_a_wrong_answer_is_refused_with_the_field_named(mini: LoadedPack, changes: dict[str, Any],
                                                        field: str) -> None:
    drill = _ended(mini)
    drill.execute(cmd.OpenHotWash(at=0))
    before = drill.seq
    with pytest.raises(CommandRefused) as refused:
        _answer(drill, **changes)
    assert field in refused.value.fields
    assert drill.seq == before and hot_wash_answers(drill.state) == []


def test_a_seat_may_answer_for_its_own_team(mini: LoadedPack) -> None:
    drill = _ended(mini)
    drill.execute(cmd.OpenHotWash(at=0))
    _answer(drill, seat=TH)
    assert [a.team for a in hot_wash_answers(drill.state)] == [TH]


def test_an_empty_form_is_refused(mini: LoadedPack) -> None:
    drill = _ended(mini)
    drill.execute(cmd.OpenHotWash(at=0))
    with pytest.raises(CommandRefused, match="empty"):
        _answer(drill, went_well=(), to_improve=(), commitments=(), ratings={}, comment="  ")


def test_the_hot_wash_may_run_while_the_session_is_live(mini: LoadedPack) -> None:
    drill = start(mini)
    drill.execute(cmd.OpenHotWash(at=600))
    _answer(drill)
    assert not drill.state.ended and hot_wash_answers(drill.state)[0].t == 600


def test_observations_per_team_and_general(mini: LoadedPack) -> None:
    drill = _ended(mini)
    drill.execute(cmd.AddObservation(at=0, team=TH, text="  the shift lead kept a clear log "))
    drill.execute(cmd.AddObservation(at=0, text="both teams waited for each other"))
    assert [(o.team, o.text) for o in observations(drill.state)] == [
        (TH, "the shift lead kept a clear log"), (None, "both teams waited for each other")]
    for bad in ({"text": ""}, {"text": "a\x07b"}, {"text": "x", "team": "nobody"}):
        with pytest.raises(CommandRefused):
            drill.execute(cmd.AddObservation(at=0, **bad))
    assert len(observations(drill.state)) == 2


def _row(**changes: Any) -> cmd.SetPlanItem:
    fields: dict[str, Any] = {"team": TH, "source": "step:th.freeze", "issue": "freeze request late",
                              "action": "pre-agree a recall template with the banks", "capability": "Planning",
                              "owner": "ThaiCERT", "start": "2027-01-10", "completion": "2027-03-31"}
    fields.update(changes)
    return cmd.SetPlanItem(at=0, **fields)


def test_plan_rows_are_added_edited_and_removed(mini: LoadedPack) -> None:
    drill = _ended(mini)
    drill.execute(_row())
    drill.execute(_row(source="hotwash:th-cert", issue="classify faster", action="RSIT drill", start=None,
                       completion=None))
    drill.execute(_row(source="observation", team=None, issue="waiting", action="agree a 24/7 contact"))
    plan = improvement_plan(drill.state)
    assert [p.item for p in plan] == ["P1", "P2", "P3"]
    assert (plan[0].owner, plan[0].start, plan[0].completion, plan[0].capability) == \
        ("ThaiCERT", "2027-01-10", "2027-03-31", "Planning")
    assert plan[1].start is None and plan[2].team is None
    drill.execute(_row(item="P1", owner="Bank of Thailand"))
    drill.execute(cmd.RemovePlanItem(at=0, item="P2"))
    plan = improvement_plan(drill.state)
    assert [(p.item, p.owner) for p in plan] == [("P1", "Bank of Thailand"), ("P3", "ThaiCERT")]
    drill.execute(_row(issue="a new one"))  # a removed row's id is never given again
    assert [p.item for p in improvement_plan(drill.state)] == ["P1", "P3", "P4"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"start": "10/01/2027"}, "start"),
    ({"completion": "2027-02-30"}, "completion"),
    ({"start": "2027-1-5"}, "start"),
    ({"start": "2027-04-01", "completion": "2027-03-31"}, "completion"),
    ({"source": "step:nonsense"}, "source"),
    ({"source": "hotwash:nobody"}, "source"),
    ({"source": "whatever"}, "source"),
    ({"team": "nobody"}, "team"),
    ({"issue": " "}, "issue"),
    ({"action": ""}, "action"),
    ({"owner": "x" * 201}, "owner"),
    ({"item": "P9"}, "item"),
])
def test_a_wrong_plan_row_is_refused_with_the_field_named(mini: LoadedPack, changes: dict[str, Any],
                                                          field: str) -> None:
    drill = _ended(mini)
    with pytest.raises(CommandRefused) as refused:
        drill.execute(_row(**changes))
    assert field in refused.value.fields and improvement_plan(drill.state) == []


def test_removing_an_unknown_row_is_refused(mini: LoadedPack) -> None:
    drill = _ended(mini)
    with pytest.raises(CommandRefused, match="no plan item"):
        drill.execute(cmd.RemovePlanItem(at=0, item="P1"))


def test_debrief_events_round_trip_and_replay_to_the_same_state(mini: LoadedPack) -> None:
    drill = _ended(mini)
    drill.execute(cmd.OpenHotWash(at=0))
    _answer(drill)
    drill.execute(cmd.AddObservation(at=0, text="general"))
    drill.execute(_row())
    drill.execute(cmd.RemovePlanItem(at=0, item="P1"))
    drill.execute(_row())
    logged = [event for _, event in drill.log.read(drill.session_id)]
    again = [ev.from_json(e.to_json()) for e in logged]
    assert again == logged
    assert replay(again) == drill.state
    assert [p.item for p in improvement_plan(replay(again))] == ["P2"]
