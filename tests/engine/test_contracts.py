"""The engine's contracts hold by construction: commands name every field, causes and kinds are closed sets."""

from __future__ import annotations

import dataclasses
from typing import get_args

import pytest
from drill_play import play

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.events import DeliveryCause, InjectDelivered, InjectScheduled, ScheduleCause
from cyberdrill.engine.upcoming import UpcomingKind, upcoming


def test_a_command_without_its_facts_is_not_a_command() -> None:
    with pytest.raises(TypeError):
        cmd.TakeAction(at=0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        cmd.TakeAction(0, None, "th-cert", "sitrep")  # type: ignore[misc]
    with pytest.raises(TypeError):
        cmd.GiveMark(at=0, team="th-cert", step="th.sitrep")  # type: ignore[call-arg]
    assert cmd.TakeAction(at=0, team="th-cert", action="sitrep").fields == {}


def test_every_command_is_keyword_only() -> None:
    commands = [c for c in vars(cmd).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert len(commands) > 10
    for command in commands:
        assert all(f.kw_only for f in dataclasses.fields(command)), command.__name__


def test_the_causes_and_kinds_a_session_records_are_the_declared_ones(mini) -> None:
    seen_delivery, seen_schedule, seen_kinds = set(), set(), set()
    for script in ("solution", "scripts/typical-mistakes"):
        drill = play(mini, mini.scripts[script], end=False)
        for _, event in drill.log.read(drill.session_id):
            if isinstance(event, InjectDelivered):
                seen_delivery.add(event.cause)
            elif isinstance(event, InjectScheduled):
                seen_schedule.add(event.cause)
        seen_kinds |= {u.kind for u in upcoming(mini.pack, drill.state)}
        seen_kinds |= {u.kind for u in upcoming(mini.pack, play(mini, [], end=False).state)}
    assert seen_delivery <= set(get_args(DeliveryCause)) and {"time", "reply"} <= seen_delivery
    assert seen_schedule <= set(get_args(ScheduleCause)) and "reply" in seen_schedule
    kinds = {k for part in get_args(UpcomingKind) for k in (get_args(part) or (part,))}
    assert seen_kinds <= kinds and seen_kinds
