"""Alternative routes, the marking queue and no hidden double counting (tests/fixtures/packs/routes)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from drill_play import entries, play, step_result

from cyberdrill.commands.run_cmd import print_team
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "routes"


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(PACK)


def _act(at: str, action: str, **fields: Any) -> dict[str, Any]:
    return {"at": at, "team": "th-cert", "action": action, "fields": fields}


DIRECT = _act("T+00:20", "preservation_request", to="ru-poc", channel="24-7-network",
              data="Access logs of 198.51.100.7", disclose_now=False)
NATIONAL = _act("T+00:25", "forward_request", to="th-poc", channel="domestic",
                annex="Panel at 198.51.100.7: access logs from 14 November")
HOSTER = _act("T+00:30", "abuse_mail", to="ru-hoster", channel="email", body="Please keep the logs of 198.51.100.7")


def test_the_realistic_route_through_the_national_point_of_contact_earns_full_marks(pack: LoadedPack) -> None:
    result = step_result(play(pack, entries(NATIONAL)), "th.preserve")
    assert (result.points, result.max_points, result.route, result.status) == (9, 9, "via-national-poc", "on_time")


def test_a_lesser_route_is_worth_its_own_points_and_says_so(pack: LoadedPack) -> None:
    result = step_result(play(pack, entries(HOSTER)), "th.preserve")
    assert (result.points, result.route) == (4, "hoster-direct")
    assert [(r.code, r.points) for r in result.reasons] == [("route", -5)]
    assert "route hoster-direct (straight to the hoster), worth 4 of 9" in result.reasons[0].text


def test_the_best_route_counts(pack: LoadedPack) -> None:
    weak_direct = {**DIRECT, "fields": {**DIRECT["fields"], "data": "the logs"}}
    result = step_result(play(pack, entries(weak_direct, HOSTER, NATIONAL)), "th.preserve")
    assert (result.points, result.route, result.attempts) == (9, "via-national-poc", 3)


def test_penalties_follow_the_route_they_belong_to(pack: LoadedPack) -> None:
    demanding = {**DIRECT, "fields": {**DIRECT["fields"], "disclose_now": True}}
    result = step_result(play(pack, entries(demanding, NATIONAL)), "th.preserve")
    # The counted attempt took the national route, but the step's own attempt asked for disclosure: the
    # penalty applies once, and the deductions add up to the points lost.
    assert result.route == "via-national-poc" and result.points == 6
    assert [(r.code, r.points) for r in result.reasons] == [("penalty:disclosure-demanded", -3)]


def test_unmarked_points_await_the_evaluator_and_the_total_is_provisional(pack: LoadedPack) -> None:
    drill = play(pack, entries(DIRECT, _act("T+00:40", "sitrep", summary="Logs of 198.51.100.7 asked preserved.")))
    sitrep = step_result(drill, "th.sitrep")
    assert sitrep.awaiting_mark and (sitrep.points, sitrep.max_points) == (2, 6)
    assert sitrep.rubric == "4: what happened, what was done, what comes next; 2: two of those; 0: none."
    card = drill.scorecard()
    team = card.team("th-cert")
    assert (team.score, team.provisional, team.awaiting_mark_points, card.provisional) == (11, True, 4, True)
    reporting = next(o for o in team.objectives if o.objective == "reporting")
    assert reporting.provisional and reporting.rating == "U"  # unmarked points are never counted as earned
    out = io.StringIO()
    print_team(team, out)
    assert "provisional: 4 points await an evaluator's mark" in out.getvalue()
    assert "reporting: 33.3% U (provisional: awaiting a mark)" in out.getvalue()


def test_once_marked_the_total_is_final(pack: LoadedPack) -> None:
    card = play(pack, pack.scripts["solution"]).scorecard()
    assert (card.team("th-cert").score, card.provisional) == (15, False)


def test_printed_deductions_add_up_to_the_points_printed(pack: LoadedPack) -> None:
    three_thirds = {**DIRECT, "fields": {"to": "ru-poc", "channel": "email", "data": "x", "disclose_now": True}}
    team = play(pack, entries(three_thirds)).scorecard().team("th-cert")
    out = io.StringIO()
    print_team(team, out)
    line = next(x for x in out.getvalue().splitlines() if x.strip().startswith("th.preserve"))
    printed = [float(p) for p in __import__("re").findall(r"\((-?\d+(?:\.\d+)?)\)", line)]
    assert " 0/9 " in line and sum(printed) == -9


def test_validate_warns_when_a_penalty_and_a_matcher_score_one_mistake() -> None:
    from cyberdrill.pack.load import read_pack

    _, diagnostics = read_pack(PACK)
    warnings = [d for d in diagnostics if d.severity == "warning" and "would cost twice" in d.message]
    assert len(warnings) == 1 and warnings[0].line == 100
    assert ("step th.preserve: penalty 'disclosure-demanded' and the matcher match.disclose_now both score a wrong "
            "disclose_now") in warnings[0].message
