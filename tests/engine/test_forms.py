"""Form checks: a malformed action is refused with one message per field, and nothing is recorded."""

from __future__ import annotations

import pytest
from drill_play import start

from cyberdrill.engine.commands import CommandRefused, TakeAction
from cyberdrill.engine.events import ActionTaken


def _refused(drill, team: str, action: str, fields: dict, reply_to: str | None = None,  # type: ignore[no-untyped-def]
             at: int = 20 * 60) -> dict[str, str]:
    before = drill.seq
    with pytest.raises(CommandRefused) as refused:
        drill.execute(TakeAction(at=at, team=team, action=action, fields=fields, reply_to=reply_to))
    assert drill.seq == before  # nothing recorded
    return refused.value.fields


def test_every_bad_field_is_named(mini) -> None:
    drill = start(mini)
    problems = _refused(drill, "th-cert", "freeze_request", {
        "channel": "pigeon", "account": "12AB", "amount": "lots", "currency": "baht", "colour": "red",
    })
    assert set(problems) == {"to", "channel", "account", "amount", "currency", "colour"}
    assert problems["to"] == "Bank is required"
    assert "'pigeon' is not a channel" in problems["channel"]
    assert "'12AB' is not an account number" in problems["account"]
    assert "must be an amount" in problems["amount"]
    assert "unknown field" in problems["colour"]


def test_retired_tlp_label_gets_a_hint(mini) -> None:
    problems = _refused(start(mini), "th-cert", "classify", {"rsit": "fraud", "tlp": "TLP:WHITE"})
    assert "TLP:CLEAR" in problems["tlp"]
    assert "class/type" in problems["rsit"]


def test_only_received_attachments_and_messages_can_be_named(mini) -> None:
    drill = start(mini)
    share = {"recipient": "ru-cert", "channel": "cert-to-cert", "tlp": "TLP:AMBER", "indicators": "x",
             "evidence": "statement.csv"}
    # before the victim's call brings the statement (T+00:10)
    problems = _refused(drill, "th-cert", "share_indicators", share, at=5 * 60)
    assert set(problems) == {"evidence"} and "not an attachment your team has received" in problems["evidence"]
    assert "reply_to" in _refused(drill, "th-cert", "classify", {"rsit": "fraud/phishing", "tlp": "TLP:RED"}, "M1",
                                  at=5 * 60)
    events = drill.execute(TakeAction(at=20 * 60, team="th-cert", action="share_indicators", fields=share,
                                      reply_to="M1"))
    taken = [e for e in events if isinstance(e, ActionTaken)]
    assert events[0].inject == "victim-call" and taken[0].reply_to == "M1"  # delivered first, then the action


def test_values_are_normalised(mini) -> None:
    drill = start(mini)
    events = drill.execute(TakeAction(at=60, team="ru-cert", action="preservation_request", fields={
        "to": "ru-hoster", "channel": " 24-7-network ", "custodian": "  Test Oblako LLC ",
        "data_to_preserve": "203.0.113.7, access logs\nbilling records", "mla_to_follow": "yes", "tlp": "tlp:amber",
    }))
    fields = events[0].fields
    assert fields["data_to_preserve"] == ["203.0.113.7", "access logs", "billing records"]
    assert fields["custodian"] == "Test Oblako LLC" and fields["channel"] == "24-7-network"
    assert fields["mla_to_follow"] is True and fields["tlp"] == "TLP:AMBER"
    events = drill.execute(TakeAction(at=60, team="th-cert", action="freeze_request", fields={
        "to": "ru-bank", "channel": "swift-gpi", "account": "40817810000000000001", "amount": "509,000.00"}))
    assert events[0].fields["amount"] == 509000.0


def test_unknown_team_or_action_is_refused(mini) -> None:
    drill = start(mini)
    with pytest.raises(CommandRefused, match="not playing"):
        drill.execute(TakeAction(at=0, team="nl-cert", action="classify", fields={}))
    with pytest.raises(CommandRefused, match="no action"):
        drill.execute(TakeAction(at=0, team="th-cert", action="hack_back", fields={}))
