"""Replies and quotes (engine/replies.py, engine/quotes.py): what a reply pre-fills and offers first, what a
returned request lacked, and which received values a team may quote."""

from __future__ import annotations

from pathlib import Path

import pytest
from drill_play import start

from cyberdrill.engine import events as ev
from cyberdrill.engine.commands import TakeAction, Tick
from cyberdrill.engine.quotes import team_quotes, values_in
from cyberdrill.engine.replies import message_reference, reply_kinds, reply_values, returned_request
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.text import render_attachment
from cyberdrill.script import play_script

FLAGSHIP = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"
TH, RU = "th-thaicert", "ru-nccci"


@pytest.fixture(scope="module")
def flagship() -> LoadedPack:
    return load_pack(FLAGSHIP)


def _message(subject: str, body: str = "", **kw: object) -> ev.InjectDelivered:
    base: dict[str, object] = dict(t=0, message="M1", inject="x", sender="ru-247-poc", to=(RU,),
                                   channel="24-7-network", tlp="TLP:AMBER")
    return ev.InjectDelivered(**{**base, **kw}, subject=subject, body=body)  # type: ignore[arg-type]


def test_the_reference_comes_from_the_subject_then_the_body() -> None:
    assert message_reference(_message("TLP:AMBER — Incoming preservation request (our ref. RU-247-26/6469)")) \
        == "RU-247-26/6469"
    assert message_reference(_message("TLP:AMBER — Thai MLA request OAG-IA-2569/640: assessment needed")) \
        == "OAG-IA-2569/640"
    assert message_reference(_message("TLP:AMBER — Hold placed", "Reference: HOLD-4153-83.")) == "HOLD-4153-83"
    assert message_reference(_message("TLP:AMBER — Thanks")) is None


def _solution_until(loaded: LoadedPack, minutes: int):  # type: ignore[no-untyped-def]
    drill = start(loaded, seed=7)
    assert not play_script(drill, [e for e in loaded.scripts["solution"] if e.at <= minutes * 60], end=False)
    drill.execute(Tick(at=minutes * 60))
    return drill


def test_an_incoming_request_is_answered_first_with_its_reference(flagship: LoadedPack) -> None:
    drill = _solution_until(flagship, 125)
    state = drill.state
    incoming = state.messages[int(state.latest[(RU, "ru.incoming-preservation")][1:]) - 1]
    kinds = reply_kinds(flagship.pack, incoming, None)
    assert kinds[0] == "respond_request"
    values = reply_values(flagship.pack, "respond_request", incoming, RU)
    assert values == {"to": "ru-247-poc", "channel": "24-7-network",
                      "request_ref": state.world["ru_preservation_ref"]}


def test_a_returned_request_comes_back_with_what_was_missing(flagship: LoadedPack) -> None:
    drill = _solution_until(flagship, 60)
    sent = drill.execute(TakeAction(at=3700, team=TH, action="preservation_request", fields={
        "to": "ru-247-poc", "channel": "24-7-network", "tlp": "TLP:AMBER", "requesting_authority": "TCSD",
        "offence_facts": "Fraud", "data_to_preserve": [drill.state.world["panel_ip"]], "time_window": "Nov 2026",
        "relation_to_offence": "Phishing server", "necessity": "Logs rotate", "mla_to_follow": True}))
    action = next(e for e in sent if isinstance(e, ev.ActionTaken))
    events = drill.execute(Tick(at=3700 + 16 * 60))
    rejection = next(e for e in events if isinstance(e, ev.InjectDelivered) and e.cause == "rejection")
    scheduled = [e for e in sent if isinstance(e, ev.InjectScheduled)]
    returned = returned_request(flagship.pack, rejection, drill.state.actions, scheduled)
    assert returned is not None and returned.action == action
    assert set(returned.missing) == {"custodian"} and "hosting provider" in returned.missing["custodian"]
    # the reply menu of a return starts with the request returned, that of an incoming request with an answer
    assert reply_kinds(flagship.pack, rejection, action)[0] == "preservation_request"
    assert returned_request(flagship.pack, _message("x"), drill.state.actions, scheduled) is None


def test_values_of_every_kind_are_found() -> None:
    text = ("See https://th-verify98-peters.ru/login from bounce@mail.x.ru at 2026-11-23T04:06Z; server "
            "203.0.113.7, пример.рф; account 551-8-41621 and 40817810419701323906; THB 1,019,000.00; "
            "ref. RU-247-26/6469 under TLP:AMBER; hosted by Belye Nochi Data LLC.")
    found = {(q.kind, q.value) for q in values_in(text, "s")}
    assert {("URL", "https://th-verify98-peters.ru/login"), ("domain", "th-verify98-peters.ru"),
            ("e-mail", "bounce@mail.x.ru"), ("time", "2026-11-23T04:06Z"), ("IP address", "203.0.113.7"),
            ("domain", "пример.рф"), ("account", "551-8-41621"), ("account", "40817810419701323906"),
            ("amount", "1,019,000.00"), ("reference", "RU-247-26/6469"),
            ("name", "Belye Nochi Data LLC")} <= found
    assert not any(value.startswith("TLP") for _, value in found)


def test_a_team_quotes_only_what_it_received(flagship: LoadedPack) -> None:
    drill = _solution_until(flagship, 65)
    state = drill.state
    mine = [m for m in reversed(state.messages) if TH in m.to]
    attachments = {n: render_attachment(flagship, n, state.world) for n in state.received[TH]}
    values = {q.value for q in team_quotes(mine, attachments)}
    world = state.world
    assert {world["panel_ip"], world["mules"][0]["account"], world["phish_domain"]} <= values
    received = "\n".join([*(f"{m.subject}\n{m.body}" for m in mine), *attachments.values()])
    assert all(v in received for v in values)  # nothing but what the team received
    others = "\n".join(f"{m.subject}\n{m.body}" for m in state.messages if TH not in m.to)
    only_theirs = {q.value for q in values_in(others, "x")} - {q.value for q in values_in(received, "x")}
    assert only_theirs and not only_theirs & values  # nothing of the other team's traffic
    assert world["th_case"] not in values  # the team's own case number: typed by it, received by nobody
