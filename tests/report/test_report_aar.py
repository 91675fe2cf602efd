"""The after-action view: what counts as a strength, an area for improvement, a plan row, and a session
that has not ended or where nobody acted."""

from __future__ import annotations

from dataclasses import replace

from report_readers import csv_rows, parse_html

from cyberdrill.engine.scorecard import ObjectiveResult, Reason, Scorecard, StepResult, TeamScore
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report import render_report
from cyberdrill.report.aar import build_report, capability_element, rank


def step(status: str, points: float, max_points: float = 10, reasons: list[Reason] | None = None,
         **kw: object) -> StepResult:
    return StepResult(step="s", title="A step", objective="triage", status=status, points=points,
                      max_points=max_points, reasons=reasons or [], **kw)  # type: ignore[arg-type]


def test_capability_element_suggests_planning_for_time_and_training_for_content() -> None:
    assert capability_element(step("missed", 0, reasons=[Reason("missed", "not done", -10)])) == "Planning"
    assert capability_element(step("partial", 5, reasons=[Reason("field:tlp", "tlp", -5)])) == "Training"
    both = step("late", 2, reasons=[Reason("late", "late", -5), Reason("field:to", "wrong party", -3)])
    assert capability_element(both) == "Planning; Training"


def untouched(card: Scorecard, ended: bool) -> Scorecard:
    """The same session where nobody acted: every step missed (ended) or pending (still running)."""
    teams = []
    for t in card.teams:
        steps = []
        for s in t.steps:
            if s.status == "void":
                steps.append(s)
                continue
            status = "missed" if ended else "pending"
            reasons = [Reason("missed", "Not done by its deadline", -s.max_points, s.cite)] if ended else []
            steps.append(replace(s, status=status, points=0, at=None, attempts=0, mark=None, reasons=reasons,
                                 action_id=None))
        objectives = [replace(o, score=0, percent=0.0, rating="U", computed_rating="U", override=None)
                      for o in t.objectives]
        teams.append(TeamScore(team=t.team, name=t.name, score=0, max_score=t.max_score, percent=0.0,
                               steps=steps, objectives=objectives))
    return replace(card, teams=teams, ended=ended, at=card.at if ended else 3600)


def test_an_empty_ended_session_lists_every_step_in_the_plan(card: Scorecard, loaded: LoadedPack) -> None:
    empty = untouched(card, ended=True)
    report = build_report(empty, loaded)
    counted = [s for s in empty.teams[0].steps if s.status != "void"]
    assert [r.step for r in report.sections[0].plan] == [s.step for s in counted]
    assert report.sections[0].strengths == []
    text = parse_html(render_report(empty, loaded, "html")).text
    assert "No step was done on time with full points." in text
    assert "Unable to be performed" in text
    assert len(csv_rows(render_report(empty, loaded, "csv"))) == 1 + sum(len(t.steps) for t in empty.teams)


def test_a_running_session_does_not_count_pending_steps_as_failures(card: Scorecard, loaded: LoadedPack) -> None:
    running = untouched(card, ended=False)
    report = build_report(running, loaded)
    assert report.sections[0].plan == [] and report.sections[0].improvements == []
    md = render_report(running, loaded, "md")
    assert "session still running" in md and "Nothing to improve" in md


def test_a_step_awaiting_its_mark_is_flagged_not_blamed(loaded: LoadedPack, card: Scorecard) -> None:
    waiting = replace(card.teams[0].steps[0], points=6, max_points=10, awaiting_mark=True,
                      reasons=[Reason("unmarked", "Awaiting an evaluator's mark", 0)])
    team = replace(card.teams[0], steps=[waiting])
    section = build_report(replace(card, teams=[team]), loaded).sections[0]
    assert section.plan == [] and section.awaiting_marks == [waiting]
    assert "Awaiting an evaluator's mark: ru-nccci.classify." in render_report(
        replace(card, teams=[team]), loaded, "md")


def test_a_partly_marked_step_explains_itself_with_the_evaluators_comment(card: Scorecard,
                                                                          loaded: LoadedPack) -> None:
    row = next(r for r in build_report(card, loaded).sections[0].plan if r.step == "ru-nccci.review")
    assert row.reasons == ["Evaluator's mark 3 of 5: Timeline is thin; no link to deadlines."]


def test_ranking_shares_a_rank_between_equal_percentages() -> None:
    def team(team_id: str, percent: float) -> TeamScore:
        return TeamScore(team=team_id, name=team_id, score=percent, max_score=100, percent=percent, steps=[],
                         objectives=[ObjectiveResult("o", "", "", 0, 0, 0, "U", "U")])

    rows = rank([team("b", 50), team("a", 80), team("c", 50)])
    assert [(r.rank, r.score.team) for r in rows] == [(1, "a"), (2, "b"), (2, "c")]


def test_the_event_log_adds_when_it_was_played_and_how_much_each_team_did(card: Scorecard,
                                                                          loaded: LoadedPack) -> None:
    from cyberdrill.engine.events import ActionTaken, SessionEnded, SessionStarted

    events = [
        SessionStarted(t=0, session=card.session, pack=card.pack, pack_version="1.2.0", pack_hash="0", seed=42,
                       teams=("ru-nccci", "th-thaicert"), world={}, attachments={}, time_scale=10,
                       wall_at="2026-03-02T09:00:00+07:00"),
        ActionTaken(t=60, action_id="A1", team="ru-nccci", action="report", fields={}),
        ActionTaken(t=90, action_id="A2", team="ru-nccci", action="report", fields={}),
        SessionEnded(t=28800, wall_at="2026-03-02T12:00:00+07:00"),
    ]
    text = parse_html(render_report(card, loaded, "html", events=events)).text
    assert "2026-03-02 09:00 UTC+07:00 – 2026-03-02 12:00 UTC+07:00" in text
    assert "2 actions taken" in text and "0 actions taken" in text
