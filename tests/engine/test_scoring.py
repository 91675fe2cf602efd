"""Scoring the mini pack: each mistake loses exactly the points the pack says, with its reason."""

from __future__ import annotations

import pytest
from drill_play import play, solution, start, step_result

from cyberdrill.engine.commands import CommandRefused, EndSession, OverrideRating


def _reasons(result) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {r.code: r.points for r in result.reasons}


def _adds_up(result) -> bool:  # type: ignore[no-untyped-def]
    return abs(sum(r.points for r in result.reasons) - (result.points - result.max_points)) < 1e-6


def test_solution_scores_full_marks_with_several_seeds(mini) -> None:
    for seed in (1, 2, 7):
        card = play(mini, mini.scripts["solution"], seed=seed).scorecard()
        assert [t.percent for t in card.teams] == [100.0, 100.0]
        assert all(o.rating == "P" for t in card.teams for o in t.objectives)


def test_empty_script_misses_every_step_that_applies(mini) -> None:
    card = play(mini, []).scorecard()
    steps = [s for t in card.teams for s in t.steps]
    assert {s.status for s in steps} == {"missed"}  # funds moved, so even th.report-loss applies
    assert all(s.points == 0 and _reasons(s) == {"missed": -s.max_points} for s in steps)
    assert [(t.score, t.max_score) for t in card.teams] == [(0, 29), (0, 14)]
    assert all(o.rating == "U" for t in card.teams for o in t.objectives)


def test_a_step_whose_branch_did_not_happen_is_void_and_not_counted(mini) -> None:
    drill = play(mini, mini.scripts["solution"])
    assert step_result(drill, "th.report-loss").status == "void"
    assert drill.scorecard().team("th-cert").max_score == 26


def test_late_work_keeps_the_steps_late_factor(mini) -> None:
    drill = play(mini, solution(mini, edit={2: {"at": "T+05:00"}}))  # th.share, deadline T+04:00, factor 0.25
    result = step_result(drill, "th.share")
    assert (result.status, result.points) == ("late", 1.5)
    assert _reasons(result) == {"late": -4.5}
    assert "after the deadline" in result.reasons[0].text and result.reasons[0].cite == result.cite


def test_work_before_the_steps_it_requires_is_out_of_order(mini) -> None:
    # classify moved after the freeze request: classify is late (x0.5), the freeze out of order (x0.5)
    drill = play(mini, solution(mini, edit={0: {"at": "T+01:30"}}))
    classify, freeze = step_result(drill, "th.classify"), step_result(drill, "th.freeze")
    assert (classify.status, classify.points) == ("late", 2.0)
    assert (freeze.status, freeze.points) == ("out_of_order", 5.0)
    assert "th.classify" in freeze.reasons[0].text


def test_looser_tlp_loses_the_matchers_share_and_the_penalty(mini) -> None:
    drill = play(mini, solution(mini, edit={2: {"fields": {"tlp": "TLP:GREEN"}}}))
    result = step_result(drill, "th.share")
    assert (result.status, result.points) == ("partial", 2.8)
    assert _reasons(result) == {"field:tlp": -1.2, "penalty:tlp-too-loose": -2.0}
    penalty = next(r for r in result.reasons if r.code.startswith("penalty"))
    assert penalty.text == "TLP looser than the information allows (victim data)"
    assert penalty.cite == "FIRST TLP 2.0"


def test_wrong_channel_loses_its_weight_with_the_hint(mini) -> None:
    drill = play(mini, solution(mini, edit={1: {"fields": {"channel": "bank-to-bank"}}}))
    result = step_result(drill, "th.freeze")
    assert (result.status, result.points) == ("partial", 8.0)
    assert _reasons(result) == {"field:channel": -2.0}
    assert "SWIFT gpi" in result.reasons[0].text


def test_missing_matcher_field_loses_its_weight(mini) -> None:
    drill = play(mini, solution(mini, edit={3: {"fields": {"mla_to_follow": None}}}))
    result = step_result(drill, "ru.preserve")
    assert (result.status, result.points) == ("partial", 8.0)
    assert result.reasons[0].text == "mla_to_follow: must be yes"


def test_penalty_beyond_the_points_takes_only_what_is_left_and_says_so(mini) -> None:
    wrong = {"to": "th-bank", "channel": "public-advisory", "account": "40817810000000000000", "amount": 1}
    drill = play(mini, solution(mini, edit={1: {"fields": wrong}}))
    result = step_result(drill, "th.freeze")
    assert (result.status, result.points) == ("wrong", 0.0)
    penalty = next(r for r in result.reasons if r.code == "penalty:public-channel")
    assert penalty.points == 0 and "a 5-point penalty; only 0 left to take" in penalty.text
    assert "clamped" not in _reasons(result)
    assert _adds_up(result)


def test_unmarked_free_text_waits_for_the_evaluator(mini) -> None:
    drill = play(mini, solution(mini, drop=[5]))
    result = step_result(drill, "th.sitrep")
    assert result.awaiting_mark and (result.points, result.max_points) == (2.0, 6.0)
    assert _reasons(result) == {"unmarked": -4.0}
    card = drill.scorecard()
    team = card.team("th-cert")
    assert team.provisional and team.awaiting_mark_points == 4.0 and card.to_json()["provisional"] is True
    assert result.rubric and result.rubric in result.reasons[0].text


def test_latest_mark_counts(mini) -> None:
    marks = solution(mini, edit={5: {"points": 1}})
    again = solution(mini, edit={5: {"points": 2.5, "at": "T+01:10", "comment": "misses the next step"}})[5]
    drill = play(mini, [*marks, again])
    result = step_result(drill, "th.sitrep")
    assert result.points == 4.5 and result.mark is not None and result.mark.points == 2.5
    assert _reasons(result) == {"mark": -1.5} and "misses the next step" in result.reasons[0].text


def test_every_result_adds_up(mini) -> None:
    for script in (mini.scripts["scripts/typical-mistakes"], [], mini.scripts["solution"]):
        card = play(mini, script).scorecard()
        assert all(_adds_up(s) for t in card.teams for s in t.steps if s.status != "void")


def test_instructor_override_replaces_the_rating_and_keeps_the_computed_one(mini) -> None:
    drill = play(mini, [])
    drill.execute(OverrideRating(at=0, team="th-cert", objective="triage", rating="M",
                                 justification="classified by phone, not in the tool"))
    triage = next(o for o in drill.scorecard().team("th-cert").objectives if o.objective == "triage")
    assert (triage.rating, triage.computed_rating) == ("M", "U")
    assert triage.override is not None and "by phone" in triage.override["justification"]
    with pytest.raises(CommandRefused) as refused:
        drill.execute(OverrideRating(at=0, team="th-cert", objective="triage", rating="X", justification=""))
    assert set(refused.value.fields) == {"rating", "justification"}


def test_pending_until_the_deadline_then_missed(mini) -> None:
    drill = start(mini)
    card = drill.scorecard(at=3600)
    assert next(s for s in card.team("th-cert").steps if s.step == "th.classify").status == "pending"
    card = drill.scorecard(at=3601)
    assert next(s for s in card.team("th-cert").steps if s.step == "th.classify").status == "missed"
    drill.execute(EndSession(at=60))
    assert step_result(drill, "th.share").status == "missed"  # no deadline passed, but the session ended


def test_objective_ratings_follow_the_thresholds(mini) -> None:
    # The freeze by bank letter waits for office hours, the money moves on, th.report-loss applies and is
    # missed: recovery (P 95 / S 75 / M 50) is freeze 8/10 + sitrep 6/6 + report-loss 0/3 = 14/19 -> M
    drill = play(mini, solution(mini, edit={1: {"fields": {"channel": "bank-to-bank"}}}))
    recovery = next(o for o in drill.scorecard().team("th-cert").objectives if o.objective == "recovery")
    assert (recovery.score, recovery.max_score, recovery.percent) == (14, 19, 73.6842)
    assert recovery.rating == recovery.computed_rating == "M"
