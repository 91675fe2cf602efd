"""Team-to-team messages: delivered as written when the other team plays, answered by its stand-in rules
when it does not; the receiving team's steps can open on the other team's step."""

from __future__ import annotations

import dataclasses

import pytest
from drill_play import start

from cyberdrill.engine.commands import CommandRefused, TakeAction, Tick
from cyberdrill.engine.events import InjectDelivered, InjectScheduled
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import Step

MINUTE = 60
TH, RU = "th-cert", "ru-cert"


def _notify(drill, at: int, team: str, to: str, reply_to: str | None = None, **fields):  # type: ignore[no-untyped-def]
    values = {"to": to, "channel": "cert-to-cert", "tlp": "TLP:AMBER+STRICT",
              "message": "Panel at 203.0.113.7; please preserve the logs.\nVictim details on request.", **fields}
    return drill.execute(TakeAction(at=at, team=team, action="notify_partner", fields=values, reply_to=reply_to))


def _inbox(drill, team: str) -> list[InjectDelivered]:  # type: ignore[no-untyped-def]
    return [m for m in drill.state.messages if team in m.to]


def test_a_message_to_a_playing_team_arrives_as_its_sender_wrote_it(mini: LoadedPack) -> None:
    drill = start(mini)
    events = _notify(drill, 20 * MINUTE, TH, RU)
    assert not [e for e in events if isinstance(e, InjectScheduled)]  # no stand-in: the team answers itself
    [message] = [m for m in _inbox(drill, RU) if m.cause == "team"]
    assert (message.sender, message.to, message.channel, message.tlp) == (TH, (RU,), "cert-to-cert", "TLP:AMBER+STRICT")
    assert (message.t, message.inject, message.in_reply_to) == (20 * MINUTE, None, "A1")
    assert message.subject == "Notify a partner's point of contact"  # the action has no subject field
    assert message.body == "**Message:**\n\nPanel at 203.0.113.7; please preserve the logs.\nVictim details on request."
    assert message.message in drill.state.inbox[RU] and message.message not in drill.state.inbox[TH]


def test_the_receiving_team_answers_with_reply_to_and_the_sender_reads_it(mini: LoadedPack) -> None:
    drill = start(mini)
    _notify(drill, 20 * MINUTE, TH, RU)
    incoming = _inbox(drill, RU)[-1].message
    _notify(drill, 30 * MINUTE, RU, TH, reply_to=incoming, tlp="TLP:AMBER", message="Logs preserved.")
    answer = _inbox(drill, TH)[-1]
    assert (answer.sender, answer.tlp, answer.cause, answer.in_reply_to) == (RU, "TLP:AMBER", "team", "A2")
    assert "Logs preserved." in answer.body
    assert drill.state.actions[-1].reply_to == incoming


def test_a_team_that_does_not_play_is_played_by_its_stand_in_rules(mini: LoadedPack) -> None:
    drill = start(mini, teams=[TH])
    events = _notify(drill, 20 * MINUTE, TH, RU)
    scheduled = next(e for e in events if isinstance(e, InjectScheduled))
    assert (scheduled.inject, scheduled.due, scheduled.rule) == ("ru-cert-noted", 40 * MINUTE, "ru-cert-stand-in")
    drill.execute(Tick(at=40 * MINUTE))
    reply = _inbox(drill, TH)[-1]
    assert (reply.inject, reply.sender, reply.cause, reply.in_reply_to) == ("ru-cert-noted", RU, "reply", "A1")
    assert reply.subject.startswith("Received: Panel at 203.0.113.7")
    _notify(drill, HOUR_AND_A_HALF, TH, RU, channel="phone")  # the stand-in's `channels` apply as for a party
    drill.execute(Tick(at=HOUR_AND_A_HALF + 5 * MINUTE))
    rejection = _inbox(drill, TH)[-1]
    assert rejection.inject == "ru-cert-wrong-channel" and "CERT-to-CERT secure mail" in rejection.body


HOUR_AND_A_HALF = 90 * MINUTE


def test_a_team_cannot_message_itself_and_a_team_message_needs_its_label(mini: LoadedPack) -> None:
    drill = start(mini)
    with pytest.raises(CommandRefused) as refused:
        _notify(drill, 10, TH, TH)
    assert refused.value.fields == {"to": "your team cannot send a message to itself"}
    with pytest.raises(CommandRefused) as refused:
        _notify(drill, 10, TH, RU, tlp=None)
    assert refused.value.fields == {"tlp": "a message to another team needs a TLP label"}
    with pytest.raises(CommandRefused) as refused:
        _notify(drill, 10, TH, "xx-cert")
    assert "is not a party or team" in refused.value.fields["to"]
    assert drill.state.actions == []  # nothing recorded


def _with_receiving_step(mini: LoadedPack) -> LoadedPack:
    """The mini pack with a step of ru-cert that opens when th-cert shares its indicators."""
    step = Step.model_validate({
        "id": "ru.ack-share", "team": RU, "title": "Acknowledge ThaiCERT's indicators", "objective": "cooperation",
        "action": "notify_partner", "opens": {"after": "step:th.share", "delay": "5m"},
        "applies": {"step": "th.share"}, "due": "30m", "select": {"to": {"equals": TH}},
        "points": 2, "cite": "FIRST TLP 2.0", "lesson": "Acknowledge a partner's message.",
    })
    return dataclasses.replace(mini, pack=mini.pack.model_copy(update={"steps": [*mini.pack.steps, step]}))


def _share(drill, at: int):  # type: ignore[no-untyped-def]
    world = drill.state.world
    return drill.execute(TakeAction(at=at, team=TH, action="share_indicators", fields={
        "recipient": RU, "channel": "cert-to-cert", "tlp": "TLP:AMBER",
        "indicators": [world["panel_ip"], world["domain"]]}))


def test_a_step_opens_after_the_other_teams_step(mini: LoadedPack) -> None:
    loaded = _with_receiving_step(mini)
    drill = start(loaded)
    _share(drill, 45 * MINUTE)
    drill.execute(Tick(at=50 * MINUTE))
    assert drill.state.opened["ru.ack-share"] == (50 * MINUTE, 80 * MINUTE)
    _notify(drill, 60 * MINUTE, RU, TH, tlp="TLP:AMBER", message="Thanks, received.")
    drill.execute(Tick(at=2 * 3600))
    result = next(s for t in drill.scorecard().teams for s in t.steps if s.step == "ru.ack-share")
    assert (result.status, result.points) == ("on_time", 2)


def test_the_receiving_step_is_void_when_the_other_team_never_sent_it(mini: LoadedPack) -> None:
    loaded = _with_receiving_step(mini)
    alone = start(loaded, teams=[RU])
    alone.execute(Tick(at=4 * 3600))
    assert "ru.ack-share" not in alone.state.opened
    silent = start(loaded)  # both teams play, but ThaiCERT never shares
    silent.execute(Tick(at=4 * 3600))
    for drill in (alone, silent):
        result = next(s for t in drill.scorecard().teams for s in t.steps if s.step == "ru.ack-share")
        assert result.status == "void"
