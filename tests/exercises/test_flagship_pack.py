"""The flagship pack (exercises/ru-th-remittance-fraud): valid, complete, winnable, and the careless
script lands where the pack intends."""

from __future__ import annotations

import pytest
from flagship_play import play, step, team_score

from cyberdrill.pack.loaded import LoadedPack

TEAMS = ("th-thaicert", "ru-nccci")


def test_pack_loads_without_warnings(flagship: LoadedPack) -> None:
    assert flagship.warnings == []


def test_pack_has_the_size_the_issue_asks_for(flagship: LoadedPack) -> None:
    pack = flagship.pack
    assert len(pack.objectives) >= 5
    assert len(pack.steps) >= 24
    assert {s.team for s in pack.steps} == set(TEAMS)
    assert len(pack.injects) >= 18
    assert sum(1 for i in pack.injects if i.trigger and i.trigger.missed) >= 3  # contingencies
    assert set(pack.attachments) == {"victim-statement", "phishing-email", "access-log", "remittance-record", "whois"}
    for s in pack.steps:
        assert s.cite.strip() and s.lesson.strip() and s.recommendation, s.id
    # 3-4 hours of exercise in about 90 minutes of wall time
    assert 3 * 3600 <= pack.duration <= 4 * 3600
    assert 80 <= pack.duration / 60 / pack.time_scale <= 100


def test_every_attachment_reaches_a_team(flagship: LoadedPack) -> None:
    carried = {name for inject in flagship.pack.injects for name in inject.attachments}
    assert carried == set(flagship.pack.attachments)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_solution_scores_full_marks_for_both_teams(flagship: LoadedPack, seed: int) -> None:
    drill = play(flagship, flagship.scripts["solution"], seed=seed)
    for team in TEAMS:
        score = team_score(drill, team)
        assert score.percent == pytest.approx(100.0), [
            (s.step, s.status, [r.text for r in s.reasons]) for s in score.steps if s.points < s.max_points
        ]
        assert not [s.step for s in score.steps if s.awaiting_mark]
        assert all(o.rating == "P" for o in score.objectives)


def test_three_seeds_give_three_different_worlds(flagship: LoadedPack) -> None:
    drills = [play(flagship, flagship.scripts["solution"], seed=seed) for seed in (1, 2, 3)]
    worlds = [d.state.world for d in drills]
    for key in ("victims", "mules", "beneficiary", "remit_ref", "phish_domain"):
        values = [repr(w[key]) for w in worlds]
        assert len(set(values)) == 3, key
    digests = [d.state.attachments["victim-statement"]["sha256"] for d in drills]
    assert len(set(digests)) == 3


def test_attachments_carry_the_facts_teams_must_find(flagship: LoadedPack) -> None:
    from cyberdrill.pack.text import render_attachment

    drill = play(flagship, [], seed=2)
    world = drill.state.world
    statement = render_attachment(flagship, "victim-statement", world)
    assert world["mules"][0]["account"] in statement and world["mules"][1]["account"] in statement
    assert world["remit_ref"] in render_attachment(flagship, "remittance-record", world)
    log = render_attachment(flagship, "access-log", world)
    assert world["panel_ip"] in log and world["upstream_ip"] in log
    assert world["registrar"]["name"] in render_attachment(flagship, "whois", world)
    eml = render_attachment(flagship, "phishing-email", world)
    assert eml.startswith("Return-Path:") and f"[{world['mail_ip']}]" in eml
    # The hold request cannot be answered from the inject alone: the accounts are only in the statement.
    first = next(m for m in drill.state.messages if m.inject == "th.bank-reports")
    assert world["mules"][0]["account"] not in first.body


def test_typical_mistakes_land_in_s_or_m_with_their_reasons(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["scripts/typical-mistakes"])
    for team in TEAMS:
        assert 50 <= team_score(drill, team).percent < 90, team
    ratings = {o.rating for t in TEAMS for o in team_score(drill, t).objectives}
    assert ratings & {"S", "M"}

    def codes(step_id: str) -> list[str]:
        return [r.code for r in step(drill, step_id).reasons]

    assert step(drill, "th.hold-mules").status == "late"
    assert "penalty:victim-data-tlp-too-loose" in codes("th.notify-ru-cert")
    assert "penalty:budapest-as-binding" in codes("th.preserve-ru")
    assert "field:dual_criminality" in codes("th.mla-request")
    assert "penalty:budapest-as-binding" in codes("th.mla-request")
    assert "field:foreign_fiu_route" in codes("th.fiu-report")
    assert step(drill, "ru.takedown").status == "out_of_order"
    assert "penalty:dual-criminality-demanded" in codes("ru.handle-preservation")
    reasons = " ".join(r.text for r in step(drill, "th.notify-ru-cert").reasons)
    assert "TLP:CLEAR" in reasons
