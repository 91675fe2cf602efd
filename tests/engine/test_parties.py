"""Parties answer by the pack's rules, in their working hours unless the channel never sleeps."""

from __future__ import annotations

from drill_play import start

from cyberdrill.engine import local_time
from cyberdrill.engine.commands import TakeAction, Tick
from cyberdrill.engine.events import FactsChanged, InjectDelivered, InjectScheduled

MINUTE, HOUR = 60, 3600


def _freeze(drill, at: int, **fields):  # type: ignore[no-untyped-def]
    world = drill.state.world
    values = {"to": "ru-bank", "channel": "swift-gpi", "account": world["mule"]["account"],
              "amount": world["mule"]["amount"], **fields}
    return drill.execute(TakeAction(at=at, team="th-cert", action="freeze_request", fields=values))


def _delivered(drill, inject: str) -> list[InjectDelivered]:  # type: ignore[no-untyped-def]
    return [e for e in drill.state.messages if e.inject == inject]


def test_reply_arrives_after_its_delay_and_changes_facts(mini) -> None:
    drill = start(mini)
    events = _freeze(drill, 25 * MINUTE)
    scheduled = next(e for e in events if isinstance(e, InjectScheduled))
    assert (scheduled.inject, scheduled.due, scheduled.cause) == ("bank-frozen", 55 * MINUTE, "reply")
    drill.execute(Tick(at=55 * MINUTE - 1))
    assert not _delivered(drill, "bank-frozen") and drill.state.facts.get("funds_frozen") is None
    events = drill.execute(Tick(at=55 * MINUTE))
    reply = _delivered(drill, "bank-frozen")[0]
    assert reply.t == 55 * MINUTE and reply.to == ("th-cert",) and reply.in_reply_to == "A1"
    assert drill.state.world["mule"]["account"] in reply.subject  # the text sees the request's fields
    assert FactsChanged(t=55 * MINUTE, set={"funds_frozen": True}, cause="rule:ru-bank-freeze") in events
    assert drill.state.facts["funds_frozen"] is True


def test_request_outside_working_hours_waits_until_the_party_opens(mini) -> None:
    drill = start(mini)
    events = _freeze(drill, 25 * MINUTE, channel="bank-to-bank")  # 05:25 in Moscow; the bank opens at 09:00
    scheduled = next(e for e in events if isinstance(e, InjectScheduled))
    assert scheduled.due == 4 * HOUR + 30 * MINUTE
    assert local_time(mini.pack, "Europe/Moscow", scheduled.due).strftime("%H:%M") == "09:30"


def test_always_on_channel_does_not_wait_for_office_hours(mini) -> None:
    drill = start(mini)
    events = _freeze(drill, 25 * MINUTE, channel="swift-gpi")
    assert next(e for e in events if isinstance(e, InjectScheduled)).due == 55 * MINUTE


def test_request_during_working_hours_is_answered_after_the_delay(mini) -> None:
    drill = start(mini)
    events = _freeze(drill, 5 * HOUR, channel="bank-to-bank")  # 10:00 in Moscow
    assert next(e for e in events if isinstance(e, InjectScheduled)).due == 5 * HOUR + 30 * MINUTE


def test_party_without_hours_answers_around_the_clock(mini) -> None:
    drill = start(mini)
    events = drill.execute(TakeAction(at=10, team="ru-cert", action="notify_partner",
                                      fields={"to": "th-247", "channel": "official-letter", "message": "hello"}))
    assert next(e for e in events if isinstance(e, InjectScheduled)).due == 10 + 10 * MINUTE


def test_rejection_names_what_was_missing(mini) -> None:
    drill = start(mini)
    events = _freeze(drill, 25 * MINUTE, account="40817810000000000001")
    scheduled = next(e for e in events if isinstance(e, InjectScheduled))
    assert (scheduled.inject, scheduled.cause, scheduled.due) == ("bank-refused", "rejection", 40 * MINUTE)
    assert scheduled.context["missing"] == ["account: give the mule account the money went to"]
    drill.execute(Tick(at=40 * MINUTE))
    body = _delivered(drill, "bank-refused")[0].body
    assert "give the mule account the money went to" in body and "amount" not in body
    assert "funds_frozen" not in drill.state.facts  # a rejection changes nothing


def test_generated_description_when_the_matcher_has_no_hint(mini) -> None:
    drill = start(mini)
    events = drill.execute(TakeAction(at=HOUR, team="ru-cert", action="preservation_request", fields={
        "to": "ru-hoster", "channel": "24-7-network", "custodian": "Example hosting", "data_to_preserve": "10.0.0.1",
        "tlp": "TLP:AMBER"}))
    missing = next(e for e in events if isinstance(e, InjectScheduled)).context["missing"]
    assert missing == [f"data_to_preserve: must mention {drill.state.world['panel_ip']}"]


def test_wrong_channel_is_rejected_with_the_channels_that_work(mini) -> None:
    drill = start(mini)
    events = _freeze(drill, 25 * MINUTE, channel="phone")
    missing = next(e for e in events if isinstance(e, InjectScheduled)).context["missing"]
    assert len(missing) == 1 and "SWIFT gpi Stop and Recall" in missing[0] and "Telephone" in missing[0]


def test_no_answer_from_a_party_the_instructor_plays_or_without_a_rule(mini) -> None:
    drill = start(mini)
    for party in ("th-police", "ru-bank"):  # th-police: played by the instructor; ru-bank: no rule for this
        events = drill.execute(TakeAction(at=10, team="ru-cert", action="notify_partner",
                                          fields={"to": party, "channel": "phone", "message": "hi"}))
        assert not [e for e in events if isinstance(e, InjectScheduled)]
