"""The exercise clock from events, and local times in Moscow and Bangkok."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from drill_play import start

from cyberdrill.engine import exercise_time_at, local_time, replay
from cyberdrill.engine.clock import next_open
from cyberdrill.engine.commands import (
    CommandRefused,
    EndSession,
    JumpClock,
    PauseClock,
    ResumeClock,
    SetSpeed,
    StartClock,
)

W = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)


def _wall(seconds: float) -> datetime:
    return W + timedelta(seconds=seconds)


def _at(seconds: float) -> str:
    return _wall(seconds).isoformat()


def test_start_pause_resume_speed_and_jump(mini) -> None:
    drill = start(mini)
    assert drill.now(_wall(500)) == 0  # not started: the clock stands at T+00:00
    drill.execute(StartClock(at=0, wall_at=_at(0)))  # the session's time scale: 10
    assert drill.now(_wall(60)) == 600
    drill.execute(PauseClock(at=drill.now(_wall(60)), wall_at=_at(60)))
    assert drill.now(_wall(600)) == 600
    drill.execute(ResumeClock(at=drill.now(_wall(120)), wall_at=_at(120)))
    assert drill.now(_wall(180)) == 1200
    drill.execute(SetSpeed(at=drill.now(_wall(180)), wall_at=_at(180), speed=60))
    assert drill.now(_wall(190)) == 1800
    drill.execute(JumpClock(at=drill.now(_wall(200)), wall_at=_at(200), to=7200))
    assert drill.now(_wall(200)) == 7200 and drill.now(_wall(201)) == 7260
    # what fell due during the jump was delivered, each at its own time
    assert [(m.inject, m.t) for m in drill.state.messages][:2] == [("victim-call", 600), ("preservation-ask", 1800)]
    drill.execute(EndSession(at=drill.now(_wall(210)), wall_at=_at(210)))
    assert drill.now(_wall(10_000)) == 7800


def test_clock_commands_that_make_no_sense_are_refused(mini) -> None:
    drill = start(mini)
    with pytest.raises(CommandRefused):
        drill.execute(PauseClock(at=0))
    drill.execute(StartClock(at=0, wall_at=_at(0), speed=1))
    for command in (StartClock(at=0), ResumeClock(at=0), SetSpeed(at=0, speed=0), JumpClock(at=100, to=50)):
        with pytest.raises(CommandRefused):
            drill.execute(command)


def test_time_never_runs_backwards(mini) -> None:
    drill = start(mini)
    drill.execute(StartClock(at=0, wall_at=_at(0), speed=1))
    drill.execute(JumpClock(at=0, wall_at=_at(0), to=3600))
    assert drill.now(_wall(-30)) == 3600  # a console whose wall clock lags behind


def test_local_times_in_moscow_and_bangkok(mini) -> None:
    pack = mini.pack  # T+00:00 is Monday 23 November 2026, 09:00 in Bangkok
    assert local_time(pack, "Asia/Bangkok", 0).strftime("%a %H:%M %z") == "Mon 09:00 +0700"
    assert local_time(pack, "Europe/Moscow", 0).strftime("%a %H:%M %z") == "Mon 05:00 +0300"
    assert local_time(pack, "Europe/Moscow", 16 * 3600 + 90 * 60).strftime("%a %H:%M") == "Mon 22:30"
    assert local_time(pack, "Asia/Bangkok", 16 * 3600).strftime("%a %H:%M") == "Tue 01:00"


def test_next_working_period(mini) -> None:
    pack = mini.pack
    bank = next(p for p in pack.parties if p.id == "ru-bank")
    assert bank.hours is not None
    assert next_open(pack, "Europe/Moscow", bank.hours, 0) == 4 * 3600  # 05:00 -> 09:00
    assert next_open(pack, "Europe/Moscow", bank.hours, 5 * 3600) == 5 * 3600  # 10:00: open
    assert next_open(pack, "Europe/Moscow", bank.hours, 13 * 3600) == 28 * 3600  # Monday 18:00 -> Tuesday 09:00
    friday_evening = 4 * 24 * 3600 + 14 * 3600  # Friday 19:00 in Moscow
    assert next_open(pack, "Europe/Moscow", bank.hours, friday_evening) == 7 * 24 * 3600 + 4 * 3600  # Monday


def test_exercise_time_from_a_replayed_state(mini) -> None:
    drill = start(mini)
    drill.execute(StartClock(at=0, wall_at=_at(0), speed=2))
    drill.execute(PauseClock(at=drill.now(_wall(30)), wall_at=_at(30)))
    drill.execute(ResumeClock(at=drill.now(_wall(90)), wall_at=_at(90)))
    drill.execute(SetSpeed(at=drill.now(_wall(100)), wall_at=_at(100), speed=6))
    # A console that opens the session later folds the log afresh: its clock reads what the live one read.
    replayed = replay([event for _, event in drill.log.read(drill.session_id)])
    assert replayed is not drill.state
    # 30 s at x2, paused 60 s, 10 s at x2, then x6: T+80 s at the speed change.
    for wall, expected in ((100, 80), (110, 140), (130, 260)):
        assert exercise_time_at(replayed, _wall(wall)) == exercise_time_at(drill.state, _wall(wall)) == expected
    assert exercise_time_at(replayed, _wall(110).replace(tzinfo=None)) == 140  # a naive reading is UTC
