"""Scoring a session: per team and step, with every lost point explained and cited; per objective a rating.

The rules are docs/engine-semantics.md, "Steps and scoring". Points are kept unrounded while they are
worked out and rounded to 4 decimals in the scorecard, so that reasons add up to the points lost.
"""

from __future__ import annotations

from cyberdrill.engine.index import PackIndex, index_of, operand
from cyberdrill.engine.judge import Attempt, Judge
from cyberdrill.engine.matchers import explain, passes
from cyberdrill.engine.scorecard import Mark, ObjectiveResult, Reason, Scorecard, StepResult, TeamScore
from cyberdrill.engine.state import State
from cyberdrill.pack.model import Objective, Pack, Step, format_clock


def _r(x: float) -> float:
    return round(x + 0.0, 4) + 0.0  # + 0.0: no "-0.0" in reports


def rating_for(percent: float, objective: Objective) -> str:
    """HSEEP rating from the objective's thresholds."""
    th = objective.thresholds
    if percent >= th.P:
        return "P"
    if percent >= th.S:
        return "S"
    if percent >= th.M:
        return "M"
    return "U"


def _content_reasons(judge: Judge, step: Step, best: Attempt, factor: float) -> list[Reason]:
    reasons = [
        Reason(f"field:{name}", explain(name, m, rendered, best.action.fields.get(name),
                                        judge.context(step.action, name)), -lost, step.cite)
        for name, m, rendered, lost in best.failed
    ]
    points = best.content
    if best.late:
        reasons.append(Reason("late", f"done at {format_clock(best.action.t)}, after the deadline; "
                              f"late work keeps {factor:.0%} of its points", -(points * (1 - factor)), step.cite))
        points *= factor
    if best.out_of_order:
        names = ", ".join(best.missing_requires)
        reasons.append(Reason("requires", f"done before {names}, which should come first; "
                              f"out-of-order work keeps {factor:.0%} of its points", -(points * (1 - factor)),
                              step.cite))
    return reasons


def _penalties(judge: Judge, step: Step) -> list[Reason]:
    out = []
    attempts = judge.attempts(step)
    for penalty in step.penalties:
        for action in attempts:
            if all(
                passes(m, operand(judge.state, ("penalty", step.id, penalty.id, name), m), action.fields.get(name),
                       judge.context(step.action, name, affirm=True))
                for name, m in penalty.when.items()
            ):
                out.append(Reason(f"penalty:{penalty.id}", penalty.reason, -penalty.points, penalty.cite or step.cite))
                break
    return out


def score_step(judge: Judge, step: Step) -> StepResult:
    """The result of one step for the team that owns it."""
    state = judge.state
    opened = state.opened.get(step.id)
    marking = step.marking
    max_points = step.points + (marking.points if marking else 0.0)
    result = StepResult(
        step=step.id, title=step.title, objective=step.objective, status=judge.status(step), points=0.0,
        max_points=max_points, opened_at=opened[0] if opened else None, due_at=opened[1] if opened else None,
        attempts=len(judge.attempts(step)), cite=step.cite, lesson=step.lesson,
        recommendation=step.recommendation,
    )
    if result.status == "void":
        result.max_points = 0.0
        result.reasons.append(Reason("void", "does not apply in this run", 0.0, step.cite))
        return result
    best = judge.best(step)
    if best is None:
        if result.status == "missed":
            when = f"by its deadline {format_clock(result.due_at)}" if result.due_at is not None else "before the end"
            result.reasons.append(Reason("missed", f"not done {when}", -max_points, step.cite))
        else:
            result.reasons.append(Reason("pending", "not done yet", 0.0, step.cite))
        return result
    result.action_id, result.at = best.action.action_id, best.action.t
    reasons = _content_reasons(judge, step, best, judge.late_factor(step))
    reasons += _penalties(judge, step)
    points = best.points + sum(r.points for r in reasons if r.code.startswith("penalty:"))
    if marking is not None:
        mark = state.marks.get((step.team, step.id))
        if mark is None:
            result.awaiting_mark = True
            reasons.append(Reason("unmarked", f"awaiting an evaluator's mark for {marking.field}", -marking.points,
                                  step.cite))
        else:
            given = min(mark.points, marking.points)
            result.mark = Mark(given, marking.points, mark.comment, mark.evaluator)
            points += given
            if given < marking.points:
                text = f"{marking.field}: marked {given:g} of {marking.points:g}" + (
                    f" ({mark.comment})" if mark.comment else ""
                )
                reasons.append(Reason("mark", text, -(marking.points - given), step.cite))
    if points < 0:
        reasons.append(Reason("clamped", "points do not fall below 0", -points, step.cite))
        points = 0.0
    result.points = _r(min(points, max_points))
    result.reasons = [Reason(r.code, r.text, _r(r.points), r.cite) for r in reasons]
    return result


def _objectives(idx: PackIndex, state: State, team: str, steps: list[StepResult]) -> list[ObjectiveResult]:
    out = []
    for objective in idx.pack.objectives:
        mine = [s for s in steps if s.objective == objective.id and s.status != "void"]
        if not mine:
            continue
        got, most = sum(s.points for s in mine), sum(s.max_points for s in mine)
        percent = _r(100.0 * got / most) if most else 100.0
        computed = rating_for(percent, objective)
        result = ObjectiveResult(objective.id, objective.text, objective.capability, _r(got), _r(most), percent,
                                 computed, computed)
        override = state.overrides.get((team, objective.id))
        if override is not None:
            result.rating = override.rating
            result.override = {"rating": override.rating, "justification": override.justification, "by": override.by}
        out.append(result)
    return out


def score(pack: Pack, state: State, at: int | None = None) -> Scorecard:
    """The scorecard of the session under `pack` at exercise time `at` (default: the time of its latest event)."""
    idx = index_of(pack)
    now = state.t if at is None else max(at, state.t)
    judge = Judge(idx, state, now)
    teams = []
    for team_id in state.teams:
        team = idx.teams.get(team_id)
        steps = [score_step(judge, step) for step in idx.team_steps.get(team_id, [])]
        got = sum(s.points for s in steps)
        most = sum(s.max_points for s in steps)
        teams.append(TeamScore(
            team=team_id, name=team.name if team else team_id, score=_r(got), max_score=_r(most),
            percent=_r(100.0 * got / most) if most else 100.0, steps=steps,
            objectives=_objectives(idx, state, team_id, steps),
        ))
    return Scorecard(session=state.session, pack=pack.id, pack_version=pack.version, pack_title=pack.title,
                     seed=state.seed, at=now, ended=state.ended, teams=teams)
