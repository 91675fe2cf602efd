"""The flagship's generated world is clean on seeds 1-20: documentation-range addresses only, evidence
that agrees with itself (mail delivery chain, interbank transfers, export time), plausible Russian and
Thai details, and no invented bank code that could be a real bank's."""

from __future__ import annotations

import email
import ipaddress
import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from flagship_play import play

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.text import render_attachment
from cyberdrill.service import Drill

SEEDS = range(1, 21)
DOC_V4 = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]  # RFC 5737
DOC_V6 = ipaddress.ip_network("2001:db8::/32")  # RFC 3849
IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


_DRILLS: dict[int, Drill] = {}


def _drill(loaded: LoadedPack, seed: int) -> Drill:
    """The solution played on `seed`, once per test session (the flagship fixture is session-wide)."""
    if seed not in _DRILLS:
        _DRILLS[seed] = play(loaded, loaded.scripts["solution"], seed=seed)
    return _DRILLS[seed]


def _texts(loaded: LoadedPack, seed: int) -> dict[str, str]:
    """Everything a seed puts in front of the teams: the world, each attachment, each delivered message."""
    drill = _drill(loaded, seed)
    world = drill.state.world
    texts = {"world": json.dumps(world, ensure_ascii=False)}
    for name in loaded.pack.attachments:
        texts[f"attachment {name}"] = render_attachment(loaded, name, world)
    for m in drill.state.messages:
        texts[f"message {m.message} ({m.inject})"] = f"{m.subject}\n{m.body}"
    return texts


def _addresses(text: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    found: list[Any] = [ipaddress.ip_address(m) for m in IPV4.findall(text)]
    for candidate in IPV6.findall(text):
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:  # a clock time such as 14:51:40
            continue
        if address.version == 6:
            found.append(address)
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_every_ip_address_is_from_the_documentation_ranges(flagship: LoadedPack, seed: int) -> None:
    outside: dict[str, list[str]] = {}
    for where, text in _texts(flagship, seed).items():
        for address in _addresses(text):
            ranges = DOC_V4 if address.version == 4 else [DOC_V6]
            if not any(address in net for net in ranges):
                outside.setdefault(where, []).append(str(address))
    assert outside == {}
    world = _drill(flagship, seed).state.world
    assert len({v["ip"] for v in world["victim_ips"]}) == len(world["victim_ips"]) == 5  # five different phones


def test_the_address_check_catches_a_routable_address() -> None:
    assert [str(a) for a in _addresses("114.255.37.231 - - [20/Nov/2026:14:51:40 +0300]")] == ["114.255.37.231"]
    assert [str(a) for a in _addresses("from 2a02:6b8::feed at 09:12:44")] == ["2a02:6b8::feed"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_victim_mailbox_is_at_the_provider_that_delivered_the_email(flagship: LoadedPack, seed: int) -> None:
    world = _drill(flagship, seed).state.world
    message = email.message_from_string(render_attachment(flagship, "phishing-email", world))
    recipient = message["Delivered-To"].strip()
    assert recipient == message["To"].strip() == world["victim_email"]
    domain = recipient.rsplit("@", 1)[1]
    receivers = [re.search(r"\bby (\S+)", " ".join(h.split())).group(1)  # type: ignore[union-attr]
                 for h in message.get_all("Received", [])]
    assert receivers and all(host == domain or host.endswith("." + domain) for host in receivers), receivers


@pytest.mark.parametrize("seed", SEEDS)
def test_mule_accounts_are_at_other_banks_than_the_victims(flagship: LoadedPack, seed: int) -> None:
    world = _drill(flagship, seed).state.world
    statement = render_attachment(flagship, "victim-statement", world)
    assert "Interbank transfer" in statement
    victim_banks = {v["bank"] for v in world["victims"]}
    assert not victim_banks & {m["bank"] for m in world["mules"]}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_whois_record_is_the_registry_output_without_analyst_notes(flagship: LoadedPack, seed: int) -> None:
    whois = render_attachment(flagship, "whois", _drill(flagship, seed).state.world)
    lines = [line for line in whois.splitlines() if line.strip()]
    assert lines[0] == "% TCI Whois Service"
    assert not [line for line in lines[1:] if line.startswith("%")]
    assert "analyst" not in whois.lower()


@pytest.mark.parametrize("seed", SEEDS)
def test_the_remittance_record_was_exported_before_anyone_received_it(flagship: LoadedPack, seed: int) -> None:
    drill = _drill(flagship, seed)
    record = render_attachment(flagship, "remittance-record", drill.state.world)
    stamp = re.search(r"Exported by the compliance desk on (\d+ \w+ \d{4}, \d\d:\d\d) ICT", record)
    assert stamp, record.splitlines()[:3]
    ict = flagship.pack.start.tzinfo
    exported = datetime.strptime(stamp.group(1), "%d %b %Y, %H:%M").replace(tzinfo=ict)
    created = re.search(r"Created\s+: (\S+ \d\d:\d\d) ICT", record)
    assert created and datetime.fromisoformat(created.group(1)).replace(tzinfo=ict) < exported
    deliveries = [flagship.pack.start + timedelta(seconds=m.t) for m in drill.state.messages
                  if "remittance-record" in m.attachments]
    assert deliveries and exported <= min(deliveries)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_double_full_stop_after_a_company_name(flagship: LoadedPack, seed: int) -> None:
    doubled = {where: re.findall(r".{0,30}\w\.\.(?!\.).{0,10}", text)
               for where, text in _texts(flagship, seed).items()}
    assert {k: v for k, v in doubled.items() if v} == {}


@pytest.mark.parametrize("seed", SEEDS)
def test_russian_and_thai_details_are_plausible(flagship: LoadedPack, seed: int) -> None:
    drill = _drill(flagship, seed)
    world = drill.state.world
    beneficiary = world["beneficiary"]
    assert re.fullmatch(r"\+7 9\d\d \d{3}-\d\d-\d\d", beneficiary["phone"]), beneficiary["phone"]
    # Not a village, settlement or kolkhoz (Faker's ru_RU "д.", "с.", "п.", "ст.", "к.", "клх"): a city.
    assert re.fullmatch(r"[A-Z][A-Za-z -]+", beneficiary["city"]), beneficiary["city"]
    for victim in world["victims"]:
        assert re.fullmatch(r"0[689]\d-\d{3}-\d{4}", victim["phone"]), victim["phone"]
    record = render_attachment(flagship, "remittance-record", world)
    # A 9-digit code is a Russian BIK, never a SWIFT BIC; an invented one could be a real bank's.
    assert not re.search(r"\bBIC\b|\bBIK\b|\b04\d{7}\b", record)
    assert "no UETR" in record  # so nobody is led to a gpi Stop and Recall
