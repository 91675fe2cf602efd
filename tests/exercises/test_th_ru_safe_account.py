"""The reverse-direction pack (th-ru-safe-account) scored as an evaluator would: Thailand is the requested
State, so the realistic routes (through Russia's own 24/7 point of contact, through the investigator, AMLO's
urgent seizure) earn full marks; Russian law given to a Thai bank gets nothing done; a request without the
reciprocity undertaking never reaches Thailand; the absence of a treaty is no ground to refuse; and the world
uses documentation addresses and .example domains only."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path

import pytest
from flagship_play import edited, entry_is, play, received, step, team_score

from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.text import render_attachment
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog

PACK = Path(__file__).resolve().parents[2] / "exercises" / "th-ru-safe-account"
RU, TH = "ru-nccci", "th-thaicert"
DOC_V4 = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]  # RFC 5737
IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
DOMAIN = re.compile(r"(?<![\w@.-])((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w.-])")


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(PACK)


def test_every_address_is_a_documentation_address_and_every_domain_is_example_on_seeds_1_to_20(
        pack: LoadedPack) -> None:
    for seed in range(1, 21):
        world = DrillService(MemoryLog(), pack).start(seed=seed).state.world
        texts = [json.dumps(world, ensure_ascii=False)]
        texts += [render_attachment(pack, name, world) for name in pack.pack.attachments]
        text = "\n".join(texts)
        addresses = [ipaddress.ip_address(a) for a in IPV4.findall(text)]
        assert addresses, seed
        assert all(any(a in net for net in DOC_V4) for a in addresses), (seed, addresses)
        domains = {d for d in DOMAIN.findall(text.lower()) if not re.fullmatch(r"[\d.]+|s\.\d+", d)}
        assert domains and all(d.endswith(".example") for d in domains), (seed, domains)


def test_preservation_through_russias_own_point_of_contact_earns_full_marks(pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(RU, "preservation_request", "th-247-poc"),
                    fields={"to": "ru-247-poc"})
    drill = play(pack, script)
    result = step(drill, "ru.preserve-th")
    assert (result.points, result.route) == (20, "via-russian-247-poc")
    assert "ru247.forwarded" in received(drill, RU) and "th247.preservation-confirmed" in received(drill, RU)
    assert "th.incoming-preservation" in received(drill, TH)  # Thailand, the requested side, gets it
    assert team_score(drill, RU).percent == 100 and team_score(drill, TH).percent == 100


def test_the_request_drafted_for_the_investigator_and_amlos_seizure_earn_full_marks(pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(RU, "mla_request"),
                    fields={"to": "ru-mvd", "channel": "domestic"})
    script = edited(script, entry_is(TH, "hold_request", "th-bank"), drop=True)
    script = edited(script, entry_is(TH, "fiu_report", "th-amlo"), at="T+00:12", fields={
        "urgent_seizure": True,
        "facts": "Account {{ world.th_mule.account }} receives proceeds of fraud against victims in Russia."})
    drill = play(pack, script)
    assert (step(drill, "ru.mla-request").points, step(drill, "ru.mla-request").route) == (20, "via-investigator")
    assert "rca.mla-sent" in received(drill, RU) and "th.incoming-mla" in received(drill, TH)
    assert (step(drill, "th.hold-account").points, step(drill, "th.hold-account").route) == (15, "via-amlo")
    assert "amlo.seizure-ordered" in received(drill, TH) and "th.funds-withdrawn" not in received(drill, TH)
    assert team_score(drill, RU).percent == 100 and team_score(drill, TH).percent == 100


def test_russian_law_given_to_a_thai_bank_holds_nothing_and_the_balance_is_drawn(pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(TH, "hold_request", "th-bank"),
                    fields={"legal_basis": "Federal Law 161-FZ Art. 8, as FinCERT asks"})
    drill = play(pack, script)
    got = received(drill, TH)
    assert "th-bank.foreign-law" in got and "th-bank.hold-confirmed" not in got
    assert "th.funds-withdrawn" in got  # the afternoon cash-out went ahead
    result = step(drill, "th.hold-account")
    assert result.points < 15 and any(r.code == "penalty:russian-law-cited" for r in result.reasons)


def test_a_request_without_the_reciprocity_undertaking_never_reaches_thailand(pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(RU, "mla_request"), fields={"reciprocity_undertaking": False})
    drill = play(pack, script)
    assert "rca.mla-returned" in received(drill, RU)
    assert "reciprocity" in received(drill, RU)["rca.mla-returned"]
    assert "th.incoming-mla" not in received(drill, TH)
    assert step(drill, "th.assess-mla").status == "void" and step(drill, "th.return-results").status == "void"


def test_refusing_for_want_of_a_treaty_costs_the_requested_side(pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(TH, "respond_request", "th-oag"),
                    fields={"decision": "refuse", "refusal_ground": "no-treaty-between-the-states"})
    drill = play(pack, script)
    result = step(drill, "th.assess-mla")
    assert result.points <= 15 - 4 - 15 * 2 / 8 + 0.01
    assert any(r.code == "penalty:refused-for-no-treaty" for r in result.reasons)


def test_listing_one_drop_lets_the_fourth_victims_transfer_go_and_a_late_listing_is_worth_nothing(
        pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(RU, "hold_request", "ru-fincert"), at="T+01:05")
    drill = play(pack, script)
    got = received(drill, RU)
    assert "ru.transfer-executed" in got and "fincert.too-late" in got
    assert step(drill, "ru.stop-pending-transfer").points == 0


def test_without_any_preservation_the_server_is_deleted_and_there_is_nothing_to_return(pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(TH, "preservation_request", "th-hoster"), drop=True)
    script = edited(script, entry_is(RU, "preservation_request", "th-247-poc"),
                    fields={"requesting_authority": "NCCCI duty analyst"})  # a CERT alone is not competent
    drill = play(pack, script)
    assert "th247.not-competent" in received(drill, RU)
    assert "th.vps-deleted" in received(drill, TH) and "ru.vps-deleted" in received(drill, RU)
    assert step(drill, "th.preserve-server").status == "missed"
    assert step(drill, "th.return-results").status == "void"


def test_citations_in_thai_and_russian_score_as_the_english_ones(pack: LoadedPack) -> None:
    script = edited(pack.scripts["solution"], entry_is(TH, "hold_request", "th-bank"),
                    fields={"legal_basis": "พ.ร.ก. มาตรการป้องกันและปราบปรามอาชญากรรมทางเทคโนโลยี พ.ศ. ๒๕๖๖"})
    script = edited(script, entry_is(RU, "hold_request", "ru-fincert"),
                    fields={"legal_basis": "ст. 8 Федерального закона 161-ФЗ «О национальной платежной системе»"})
    script = edited(script, entry_is(RU, "mla_request"),
                    fields={"legal_basis": "Конвенция ООН против транснациональной организованной "
                                           "преступности, ст. 18; взаимность (ст. 453 УПК РФ)"})
    drill = play(pack, script)
    assert step(drill, "th.hold-account").points == 15 and "th-bank.hold-confirmed" in received(drill, TH)
    assert step(drill, "ru.stop-pending-transfer").points == 15
    assert step(drill, "ru.mla-request").points == 20 and "th.incoming-mla" in received(drill, TH)
