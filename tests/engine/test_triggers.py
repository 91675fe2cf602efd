"""Injects, consequences and step openings fire at their time, after their trigger, when their condition
holds, or as contingencies; none fires twice."""

from __future__ import annotations

from collections import Counter

import pytest
from drill_play import play, solution, start

from cyberdrill.engine.commands import (
    CommandRefused,
    DelayInject,
    FireInject,
    SkipInject,
    Tick,
    WriteInject,
)
from cyberdrill.engine.events import ConsequenceApplied, ConsequenceCancelled, InjectCancelled
from cyberdrill.engine.upcoming import upcoming

MINUTE, HOUR = 60, 3600


def _times(drill, inject: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [m.t for m in drill.state.messages if m.inject == inject]


def _events(drill, kind):  # type: ignore[no-untyped-def]
    return [e for _, e in drill.log.read(drill.session_id) if isinstance(e, kind)]


def test_timed_injects_fire_at_their_time_with_text_from_the_world(mini) -> None:
    drill = play(mini, [])
    call = next(m for m in drill.state.messages if m.inject == "victim-call")
    assert (call.t, call.cause, call.message) == (10 * MINUTE, "time", "M1")
    assert drill.state.world["victim"]["name"] in call.subject
    assert drill.state.world["mule"]["account"] in call.body and call.attachments == ("statement.csv",)


def test_consequence_fires_when_nobody_acts(mini) -> None:
    drill = play(mini, [])
    assert [e.consequence for e in _events(drill, ConsequenceApplied)] == ["funds-move", "logs-rotate"]
    assert drill.state.facts["funds_moved"] is True and drill.state.facts["logs_available"] is False
    assert _times(drill, "funds-moved") == [3 * HOUR] and _times(drill, "logs-rotated") == [6 * HOUR]


def test_consequence_does_not_fire_when_they_acted(mini) -> None:
    drill = play(mini, mini.scripts["solution"])
    assert not _events(drill, ConsequenceApplied)
    assert [e.consequence for e in _events(drill, ConsequenceCancelled)] == ["funds-move", "logs-rotate"]
    assert not _times(drill, "funds-moved") and drill.state.facts.get("funds_moved") is None


def test_when_inject_fires_its_delay_after_the_condition_became_true(mini) -> None:
    assert _times(play(mini, []), "press-enquiry") == [3 * HOUR + 30 * MINUTE]
    assert _times(play(mini, mini.scripts["solution"]), "press-enquiry") == []


def test_contingency_fires_when_the_step_misses_its_deadline(mini) -> None:
    drill = play(mini, [])
    reminder = next(m for m in drill.state.messages if m.inject == "preservation-reminder")
    assert (reminder.t, reminder.cause) == (4 * HOUR + 30 * MINUTE, "contingency")  # opened T+00:30, due 4h
    assert _times(play(mini, mini.scripts["solution"]), "preservation-reminder") == []


def test_contingency_fires_even_when_the_step_is_done_after_the_deadline(mini) -> None:
    late = solution(mini, edit={3: {"at": "T+05:00"}}, drop=[6])
    assert _times(play(mini, late), "preservation-reminder") == [4 * HOUR + 30 * MINUTE]


def test_after_step_trigger_and_when_opening(mini) -> None:
    drill = play(mini, mini.scripts["solution"])  # freeze request at T+00:25
    assert _times(drill, "recall-status") == [40 * MINUTE]
    assert drill.state.opened["th.sitrep"] == (35 * MINUTE, 35 * MINUTE + 2 * HOUR)
    assert drill.state.opened["ru.confirm"][0] == HOUR + 50 * MINUTE  # when logs_preserved (reply at T+01:50)


def test_no_triggered_inject_fires_twice(mini) -> None:
    drill = start(mini)
    for t in range(0, 9 * HOUR, 5 * MINUTE):
        drill.execute(Tick(at=t))
    triggered = {i.id for i in mini.pack.injects if i.trigger is not None}
    counts = Counter(m.inject for m in drill.state.messages if m.inject in triggered)
    assert counts and set(counts.values()) == {1}


def test_instructor_skips_delays_fires_and_writes(mini) -> None:
    drill = start(mini)
    drill.execute(DelayInject(at=0, inject="victim-call", by=20 * MINUTE))
    drill.execute(SkipInject(at=MINUTE, inject="preservation-ask", reason="played by phone"))
    assert [u.id for u in upcoming(mini.pack, drill.state) if u.kind == "inject"][:1] == ["victim-call"]
    drill.execute(Tick(at=HOUR))
    assert _times(drill, "victim-call") == [30 * MINUTE] and _times(drill, "preservation-ask") == []
    assert _events(drill, InjectCancelled)[0].reason == "played by phone"
    with pytest.raises(CommandRefused):
        drill.execute(SkipInject(at=HOUR, inject="victim-call"))  # already delivered
    drill.execute(FireInject(at=HOUR, inject="partner-thanks"))
    drill.execute(WriteInject(at=HOUR, sender="th-police", to=("th-cert",), channel="phone", subject="Call us",
                              body="We have a suspect."))
    last = drill.state.messages[-1]
    assert (last.inject, last.cause, last.sender, last.message) == (None, "adhoc", "th-police", "M3")
    with pytest.raises(CommandRefused) as refused:
        drill.execute(WriteInject(at=HOUR, sender="nobody", to=("xx",), channel="?", subject=" ", body=""))
    assert set(refused.value.fields) == {"sender", "to", "channel", "subject"}


def test_injects_reach_only_the_playing_teams(mini) -> None:
    drill = start(mini, teams=["th-cert"])
    drill.execute(Tick(at=HOUR))
    assert _times(drill, "preservation-ask") == []  # for ru-cert only
    assert [e.reason for e in _events(drill, InjectCancelled)] == ["none of its teams is playing"]
    assert [t.team for t in drill.scorecard().teams] == ["th-cert"]
