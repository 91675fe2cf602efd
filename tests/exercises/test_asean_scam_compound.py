"""The regional pack exercises/asean-scam-compound: three teams, valid, complete, winnable, sourced; the
emergency procedure rewarded when used rightly (through the police, only what the emergency needs), the
takedown and the publication that tip the compound off cost the rescue, and the wrong treaty is returned."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

import pytest
from flagship_play import edited, entry_is, play, received, step, team_score

from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.text import render_attachment
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog

PACK = Path(__file__).resolve().parents[2] / "exercises" / "asean-scam-compound"
TEAMS = ("th-thaicert", "my-mycert", "ru-nccci")
DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]


@pytest.fixture(scope="module")
def compound() -> LoadedPack:
    return load_pack(PACK)


def test_pack_loads_without_warnings_and_has_the_size_the_issue_asks_for(compound: LoadedPack) -> None:
    pack = compound.pack
    assert compound.warnings == []
    assert [t.id for t in pack.teams] == list(TEAMS)
    assert len(pack.steps) >= 20 and {s.team for s in pack.steps} == set(TEAMS)
    assert all(o.thresholds for o in pack.objectives) and len(pack.objectives) >= 5
    triggers = [i.trigger for i in pack.injects if i.trigger]
    assert sum(1 for t in triggers if t.at is not None) >= 8            # timed
    assert sum(1 for t in triggers if t.when is not None) >= 2          # driven by the run's facts
    assert sum(1 for t in triggers if t.missed is not None) >= 3        # contingencies
    assert len(pack.consequences) >= 3 and len(pack.rules) >= 15
    assert any(r.otherwise for r in pack.rules) and any(r.forward for r in pack.rules)
    assert any(s.routes for s in pack.steps) and all(s.substance for s in pack.steps)
    for s in pack.steps:
        assert s.cite.strip() and s.lesson.strip() and s.recommendation, s.id


def test_every_attachment_reaches_a_team(compound: LoadedPack) -> None:
    carried = {name for inject in compound.pack.injects for name in inject.attachments}
    assert carried == set(compound.pack.attachments)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_attachments_name_only_documentation_addresses_and_example_domains(compound: LoadedPack, seed: int) -> None:
    drill = play(compound, [], seed=seed)
    world = drill.state.world
    texts = [render_attachment(compound, name, world) for name in compound.pack.attachments]
    texts += [m.body for m in play(compound, compound.scripts["solution"], seed=seed).state.messages]
    for text in texts:
        for ip in re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b2001:db8:[0-9a-f:]+", text):
            assert any(ipaddress.ip_address(ip) in net for net in DOC_NETS), ip
        for domain in re.findall(r"\b[a-z0-9-]+\.(?:com|net|org|ru|my|th|kh|io)\b", text):
            pytest.fail(f"a real-looking domain in a text: {domain}")
    assert world["platform_domain"].endswith(".example")
    assert world["ransom_wallet"] in render_attachment(compound, "sos-chat", world)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_solution_wins_for_every_team_and_saves_the_workers(compound: LoadedPack, seed: int) -> None:
    drill = play(compound, compound.scripts["solution"], seed=seed)
    for team in TEAMS:
        score = team_score(drill, team)
        assert score.percent == pytest.approx(100.0), [(s.step, [r.text for r in s.reasons]) for s in score.steps]
        assert all(o.rating == "P" for o in score.objectives)
    facts = drill.state.facts
    assert facts.get("workers_located") and facts.get("exchange_frozen") and facts.get("my_mules_frozen")
    assert not facts.get("compound_tipped") and not facts.get("workers_moved")
    assert "kh.rescue-outcome" in received(drill, "ru-nccci")


def test_an_emergency_request_in_the_cert_s_own_name_is_refused_and_the_police_route_is_worth_more(
        compound: LoadedPack) -> None:
    own_name = edited(compound.scripts["solution"], entry_is("th-thaicert", "emergency_request"),
                      fields={"to": "my-exchange", "channel": "le-portal", "requesting_authority": "ThaiCERT"})
    drill = play(compound, own_name)
    assert "exchange.not-law-enforcement" in received(drill, "th-thaicert")
    assert not drill.state.facts.get("emergency_disclosed")
    assert not drill.state.facts.get("workers_located")   # no login address: the police cannot find the building
    direct = edited(compound.scripts["solution"], entry_is("th-thaicert", "emergency_request"),
                    fields={"to": "my-exchange", "channel": "le-portal"})
    result = step(play(compound, direct), "th.emergency-disclosure")
    assert (result.points, result.route) == (15, "direct-le-portal")


def test_asking_the_exchange_for_everything_costs_points_but_not_the_disclosure(compound: LoadedPack) -> None:
    greedy = edited(compound.scripts["solution"], entry_is("th-thaicert", "emergency_request"),
                    fields={"data_requested": ["recent-login-ips", "all-account-data"]})
    drill = play(compound, greedy)
    result = step(drill, "th.emergency-disclosure")
    assert result.points == 15 and any("more than the emergency needs" in r.text for r in result.reasons)
    assert drill.state.facts.get("emergency_disclosed")


def test_a_takedown_before_the_police_clear_it_tips_the_compound_off(compound: LoadedPack) -> None:
    hasty = edited(compound.scripts["solution"], entry_is("th-thaicert", "notify", "kh-camcert"),
                   at="T+00:20", fields={"requested_actions": ["suspend-domains", "preserve-logs"]})
    drill = play(compound, hasty)
    assert drill.state.facts.get("compound_tipped") and drill.state.facts.get("workers_moved")
    assert "th.workers-moved" in received(drill, "th-thaicert")
    assert "kh.rescue-under-way" not in received(drill, "th-thaicert")


def test_publishing_the_compound_s_name_tips_it_off(compound: LoadedPack) -> None:
    loose = edited(compound.scripts["solution"], entry_is("ru-nccci", "public_advisory"), at="T+00:30",
                   fields={"text": "'{{ world.brand }}' is run from {{ world.compound.name }}; do not pay."})
    drill = play(compound, loose)
    assert drill.state.facts.get("compound_tipped") and drill.state.facts.get("workers_moved")
    assert step(drill, "ru.advisory").points == 5


def test_russia_s_request_on_the_asean_mlat_is_returned(compound: LoadedPack) -> None:
    wrong = edited(compound.scripts["solution"], entry_is("ru-nccci", "mla_request"),
                   fields={"legal_basis": "ASEAN Treaty on Mutual Legal Assistance in Criminal Matters"})
    drill = play(compound, wrong)
    assert "gpo.returned-asean" in received(drill, "ru-nccci")
    result = step(drill, "ru.mla-my")
    assert any("not a Party" in r.text for r in result.reasons)


def test_a_solo_session_gets_the_stand_in_answers(compound: LoadedPack) -> None:
    drill = DrillService(MemoryLog(), compound).start(seed=1, teams=["ru-nccci"])
    play_script(drill, [e for e in compound.scripts["solution"] if e.team == "ru-nccci"])
    assert "mycert-standin.ack" in received(drill, "ru-nccci")
    assert team_score(drill, "ru-nccci").percent == pytest.approx(100.0)


def test_typical_mistakes_land_each_team_in_s_or_m_with_the_expert_s_reasons(compound: LoadedPack) -> None:
    drill = play(compound, compound.scripts["scripts/typical-mistakes"])
    for team in TEAMS:
        score = team_score(drill, team)
        assert 50 <= score.percent < 90, (team, score.percent)
        assert {o.rating for o in score.objectives} & {"S", "M"}
    reasons = {s.step: " ".join(r.text for r in s.reasons) for t in drill.scorecard().teams for s in t.steps}
    assert "tips the compound off" in reasons["th.deconflict"]
    assert "not a Party" in reasons["my.answer-ru"]
    assert "not a suspect" in reasons["ru.national"]
