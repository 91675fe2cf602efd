"""Scoring a session: per team and step, with every lost point explained and cited; per objective a rating.

The rules are docs/engine-semantics.md, "Steps and scoring". Points are kept unrounded while they are
worked out and rounded to 4 decimals in the scorecard, so that reasons add up to the points lost.
"""

from __future__ import annotations

from cyberdrill.engine.index import PackIndex, index_of
from cyberdrill.engine.judge import Attempt, Judge, ways
from cyberdrill.engine.matchers import explain
from cyberdrill.engine.scorecard import (
    Mark,
    ObjectiveResult,
    OutcomeResult,
    Reason,
    Scorecard,
    StepResult,
    TeamScore,
)
from cyberdrill.engine.state import State
from cyberdrill.pack.model import Objective, Outcome, Pack, Step, format_clock
from cyberdrill.pack.text import TemplateProblem, render_value


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


def _shown(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _content_reasons(judge: Judge, step: Step, best: Attempt, factor: float) -> list[Reason]:
    reasons = [
        Reason(f"field:{name}", explain(name, m, rendered, best.action.fields.get(name),
                                        judge.context(best.action.action, name)), -lost, step.cite)
        for name, m, rendered, lost in best.failed
    ]
    if best.route is not None:
        route = next(r for r in step.routes if r.id == best.route)
        worth = route.points if route.points is not None else step.points
        if worth < step.points:
            reasons.insert(0, Reason("route", f"done by route {route.id}" + (f" ({route.title})" if route.title else "")
                                     + f", worth {worth:g} of {step.points:g}", -(step.points - worth), step.cite))
    if best.empty:
        lost = sum(-r.points for r in reasons)  # the failed matchers' shares (and a lesser route's difference)
        names = ", ".join(best.empty)
        what = f"none of {names} carries any facts" if len(best.empty) > 1 else f"{names} carries no facts"
        reasons.append(Reason("substance", f"{what}: content-free work earns nothing", -max(step.points - lost, 0.0),
                              step.cite))
        return reasons
    points = best.content
    if best.moot_since is not None and step.moot_once is not None:
        fact = step.moot_once
        reasons.append(Reason("moot", f"done at {format_clock(best.action.t)}, after {fact.fact} became "
                              f"{_shown(fact.equals)} at {format_clock(best.moot_since)}: too late to matter, "
                              "worth nothing", -points, step.cite))
        return reasons
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


def _penalties(judge: Judge, step: Step, left: float) -> list[Reason]:
    """The penalties that apply (each at most once, whichever route the attempt took), each deduction capped
    at the points still left, so that the deductions add up as printed."""
    out = []
    applied: set[str] = set()  # routes may share penalties (a YAML anchor): each applies once
    for way in ways(step):
        for penalty in way.penalties:
            if penalty.id in applied or judge.penalty_hit(step, way, penalty) is None:
                continue
            applied.add(penalty.id)
            taken = min(penalty.points, max(left, 0.0))
            text = penalty.reason if taken >= penalty.points else (
                f"{penalty.reason} (a {penalty.points:g}-point penalty; only {taken:g} left to take)")
            out.append(Reason(f"penalty:{penalty.id}", text, -taken, penalty.cite or step.cite))
            left -= taken
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
    result.route = best.route
    reasons = _content_reasons(judge, step, best, judge.late_factor(step))
    reasons += _penalties(judge, step, best.points)
    points = best.points + sum(r.points for r in reasons if r.code.startswith("penalty:"))
    if marking is not None:
        mark = state.marks.get((step.team, step.id))
        if mark is None:
            result.awaiting_mark = True
            result.rubric = marking.rubric
            reasons.append(Reason("unmarked", f"{marking.field}: awaiting an evaluator's mark "
                                  f"({marking.points:g} points; rubric: {marking.rubric})", -marking.points,
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
    result.points = _r(min(max(points, 0.0), max_points))
    result.reasons = [Reason(r.code, r.text, _r(r.points), r.cite) for r in reasons]
    return result


def _fact_at(idx: PackIndex, state: State, name: str, by: int | None) -> object:
    value = idx.initial_fact(name)
    for t, changed in state.fact_changes.get(name, ()):
        if by is not None and t > by:
            break
        value = changed
    return value


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def measure(idx: PackIndex, state: State, outcome: Outcome) -> OutcomeResult:
    """An outcome measure: the fact (at `by`) as a percentage of `of`, or 100/0 for a fact that is or is not
    the value that counts."""
    value = _fact_at(idx, state, outcome.fact, outcome.by)
    of: object = outcome.of
    if isinstance(of, str) and of in idx.pack.facts:
        of = _fact_at(idx, state, of, outcome.by)
    elif isinstance(of, str):
        try:
            of = render_value(of, {"world": state.world, "facts": {**idx.pack.facts, **state.facts}})
        except TemplateProblem:
            pass
    amount, total = _number(value), _number(of)
    if outcome.of is not None and amount is not None and total:
        percent = max(0.0, min(100.0, 100.0 * amount / total))
    else:
        percent = 100.0 if value == outcome.equals else 0.0
    return OutcomeResult(outcome.id, outcome.text, _r(percent), value, of if outcome.of is not None else None,
                         outcome.by)


def _objectives(idx: PackIndex, state: State, team: str, steps: list[StepResult]) -> list[ObjectiveResult]:
    out = []
    for objective in idx.pack.objectives:
        mine = [s for s in steps if s.objective == objective.id and s.status != "void"]
        if not mine:
            continue
        got, most = sum(s.points for s in mine), sum(s.max_points for s in mine)
        percent = _r(100.0 * got / most) if most else 100.0
        outcomes = [measure(idx, state, o) for o in objective.outcomes]
        rated = percent
        if outcomes and objective.outcome_weight:
            achieved = sum(o.percent for o in outcomes) / len(outcomes)
            rated = _r((1 - objective.outcome_weight) * percent + objective.outcome_weight * achieved)
        computed = rating_for(rated, objective)
        result = ObjectiveResult(objective.id, objective.text, objective.capability, _r(got), _r(most), percent,
                                 computed, computed, provisional=any(s.awaiting_mark for s in mine),
                                 outcomes=outcomes, rated_percent=rated)
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
        awaiting = sum(-r.points for s in steps for r in s.reasons if r.code == "unmarked")
        teams.append(TeamScore(
            team=team_id, name=team.name if team else team_id, score=_r(got), max_score=_r(most),
            percent=_r(100.0 * got / most) if most else 100.0, steps=steps,
            objectives=_objectives(idx, state, team_id, steps),
            provisional=awaiting > 0, awaiting_mark_points=_r(awaiting),
        ))
    return Scorecard(session=state.session, pack=pack.id, pack_version=pack.version, pack_title=pack.title,
                     seed=state.seed, at=now, ended=state.ended, teams=teams,
                     provisional=any(t.provisional for t in teams))
