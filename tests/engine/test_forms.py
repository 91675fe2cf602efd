"""Form checks: a malformed action is refused with one message per field, and nothing is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from drill_play import start

from cyberdrill.engine.commands import CommandRefused, TakeAction
from cyberdrill.engine.events import ActionTaken
from cyberdrill.engine.fields import (
    LONGTEXT_MAX,
    TEXT_MAX,
    FieldProblem,
    field_options,
    hint_problem,
    normalise,
)
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import ActionField


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


# ------------------------------------------------------------------------- the field-kind registry

FLAGSHIP = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"


@pytest.fixture(scope="module")
def flagship() -> LoadedPack:
    return load_pack(FLAGSHIP)


def _field(kind: str, **extra) -> ActionField:  # type: ignore[no-untyped-def]
    return ActionField.model_validate({"type": kind, "label": kind.title(), **extra})


def test_an_account_is_digits_or_an_iban(mini) -> None:
    account = _field("account")
    for good in ("551-8-41621", "551-8-41621-0", "40817810123456789012", "DE89 3704 0044 0532 0130 00"):
        assert normalise(mini.pack, account, f" {good} ") == good
    for bad in ("hello world", "12", "hello world, 12", "12AB"):
        with pytest.raises(FieldProblem, match="not an account number"):
            normalise(mini.pack, account, bad)
    accounts = _field("list", items="account")
    assert normalise(mini.pack, accounts, "551-8-41621, 552-1-00001") == ["551-8-41621", "552-1-00001"]
    with pytest.raises(FieldProblem, match="'hello world' is not an account number"):
        normalise(mini.pack, accounts, "hello world, 12")
    assert hint_problem(accounts, "hello world, 12") is not None  # the form's live hint is the same check


def test_flagship_hold_request_refuses_words_for_accounts(flagship) -> None:
    drill = start(flagship)
    problems = _refused(drill, "th-thaicert", "hold_request", {
        "to": "th-bank-fraud", "channel": "bank-to-bank", "tlp": "TLP:AMBER", "accounts": "hello world, 12"})
    assert set(problems) == {"accounts"} and "not an account number" in problems["accounts"]


def test_amounts_with_separators_and_idn_domains_pass_form_and_engine(mini) -> None:
    amount, domain = _field("amount"), _field("domain")
    assert normalise(mini.pack, amount, "509,000.00") == 509000.0 and hint_problem(amount, "509,000.00") is None
    assert hint_problem(amount, "lots") is not None
    for name in ("пример.рф", "Bücher.example", "ไทย.th", "example.org."):
        assert hint_problem(domain, name) is None
        assert normalise(mini.pack, domain, name) == name.lower().rstrip(".")
    for bad in ("not a domain", "-bad-.com", "a..b", "localhost"):
        with pytest.raises(FieldProblem, match="not a domain name"):
            normalise(mini.pack, domain, bad)


def test_control_characters_are_stripped_and_nul_refused(mini) -> None:
    text = _field("text")
    assert normalise(mini.pack, text, "status \x1b]0;pwned\x07 update\x1b[2J") == "status ]0;pwned update[2J"
    with pytest.raises(FieldProblem, match="NUL"):
        normalise(mini.pack, text, "a\x00b")
    with pytest.raises(FieldProblem, match="NUL"):
        normalise(mini.pack, _field("list"), ["ok", "a\x00b"])
    assert normalise(mini.pack, _field("longtext"), "line one\n\tline two\r\n") == "line one\n\tline two"


def test_every_text_has_a_maximum_length(mini) -> None:
    assert normalise(mini.pack, _field("text"), "x" * TEXT_MAX)
    with pytest.raises(FieldProblem, match="too long"):
        normalise(mini.pack, _field("text"), "x" * (TEXT_MAX + 1))
    assert normalise(mini.pack, _field("longtext"), "x" * LONGTEXT_MAX)
    for kind in ("longtext", "list"):
        with pytest.raises(FieldProblem, match="too long"):
            normalise(mini.pack, _field(kind), "x" * 1_000_000)
    short = _field("longtext", max_length=10)
    with pytest.raises(FieldProblem, match="at most 10"):
        normalise(mini.pack, short, "x" * 11)


def test_a_megabyte_field_is_refused_and_nothing_recorded(flagship) -> None:
    problems = _refused(start(flagship), "th-thaicert", "sitrep", {
        "to": "th-leadership", "channel": "internal", "tlp": "TLP:AMBER", "summary": "x" * 1_000_000})
    assert "too long" in problems["summary"]


def test_a_party_field_offers_the_other_teams(flagship) -> None:
    to = flagship.pack.actions["notify"].fields["to"]
    offered = [value for _, value in field_options(flagship.pack, to, "th-thaicert") or []]
    assert "ru-nccci" in offered and "th-thaicert" not in offered
    assert {p.id for p in flagship.pack.parties} <= set(offered)
