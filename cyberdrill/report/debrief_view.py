"""The debrief in the report: the hot wash (teams' answers, self-ratings beside the evaluated ratings,
anonymous comments without their team, the instructor's observations) and the improvement plan's rows that
the instructor set (plan_item_set events), read through the engine's debrief queries (engine/debrief.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberdrill.engine.debrief import HotWashAnswer, Observation, PlanItem, hot_wash_answers, improvement_plan
from cyberdrill.engine.debrief import observations as observation_list
from cyberdrill.engine.events import Event
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.engine.state import replay


@dataclass(frozen=True, slots=True)
class SelfRating:
    """A team's own 1-5 rating of an objective beside the rating the evaluation gave it."""

    objective: str
    text: str
    self_rating: int | None
    rating: str | None
    percent: float | None


@dataclass(frozen=True, slots=True)
class TeamHotWash:
    team: str
    name: str
    answer: HotWashAnswer
    ratings: list[SelfRating]


@dataclass(frozen=True, slots=True)
class HotWash:
    answers: list[TeamHotWash]
    anonymous_comments: list[str]  # sorted, so their order says nothing about who wrote them
    named_comments: list[tuple[str, str]]  # (team name, comment)
    observations: list[Observation]
    opened: bool


@dataclass(frozen=True, slots=True)
class Debrief:
    hot_wash: HotWash
    plan_items: list[PlanItem]


def debrief(events: list[Event], card: Scorecard, objective_texts: dict[str, str]) -> Debrief:
    """The hot wash and the instructor's plan rows of the session whose log is `events`, for the teams of `card`."""
    state = replay(events)
    playing = {t.team: t for t in card.teams}
    answers = []
    anonymous: list[str] = []
    named: list[tuple[str, str]] = []
    for a in hot_wash_answers(state):
        team = playing.get(a.team)
        if team is None:
            continue
        results = {o.objective: o for o in team.objectives}
        ratings = [SelfRating(objective=oid, text=text, self_rating=a.ratings.get(oid),
                              rating=results[oid].rating if oid in results else None,
                              percent=results[oid].percent if oid in results else None)
                   for oid, text in objective_texts.items()]
        answers.append(TeamHotWash(team=a.team, name=team.name, answer=a, ratings=ratings))
        if a.comment and a.comment.strip():
            if a.anonymous:
                anonymous.append(a.comment.strip())
            else:
                named.append((team.name, a.comment.strip()))
    notes = [o for o in observation_list(state) if o.team is None or o.team in playing]
    items = [p for p in improvement_plan(state) if p.team is None or p.team in playing]
    return Debrief(
        hot_wash=HotWash(answers=answers, anonymous_comments=sorted(anonymous), named_comments=named,
                         observations=notes, opened=state.hotwash_at is not None),
        plan_items=items,
    )
