"""Page 1 of the after-action report and the cross-team view: what a ministry reads first.

The scenario in two sentences, each team's score and rating by objective, the outcomes of the run (from the
pack's outcome measures) and the top lessons (the lessons of the steps that lost the most points, over every
team). Derived from the scorecard and the pack only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cyberdrill.engine.scorecard import ObjectiveResult, Scorecard, TeamScore
from cyberdrill.pack.model import Pack

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ\u0E00-\u0E7F\"“(])")
_MARKUP = re.compile(r"[*_`]+")


@dataclass(frozen=True, slots=True)
class OutcomeLine:
    """One outcome of the run: what a reader wants to know happened (the money held, the logs preserved)."""

    outcome: str
    objective: str
    text: str
    achieved: bool
    percent: float
    teams: list[str]  # the teams whose objective measures it


@dataclass(frozen=True, slots=True)
class Lesson:
    """A lesson the run teaches, weighted by the points its steps lost over every team."""

    text: str
    points_lost: float
    steps: list[str]
    teams: list[str]


@dataclass(frozen=True, slots=True)
class CrossTeamCell:
    """One team's result on one objective."""

    team: str
    result: ObjectiveResult | None


@dataclass(frozen=True, slots=True)
class CrossTeamRow:
    objective: str
    text: str
    cells: list[CrossTeamCell]


@dataclass(frozen=True, slots=True)
class ExecutiveSummary:
    scenario: str  # two sentences
    teams: list[TeamScore]
    objectives: list[str]  # the objective ids, in pack order: the columns of the ratings
    outcomes: list[OutcomeLine]
    lessons: list[Lesson]


def two_sentences(text: str) -> str:
    """The first two sentences of a pack text, its Markdown emphasis removed."""
    flat = " ".join(_MARKUP.sub("", text).split())
    parts = _SENTENCE_END.split(flat)
    return " ".join(parts[:2])


def outcomes(card: Scorecard) -> list[OutcomeLine]:
    """Each outcome measure once, in objective order; achieved when every team measuring it reached 100%."""
    lines: dict[str, OutcomeLine] = {}
    for team in card.teams:
        for obj in team.objectives:
            for o in obj.outcomes:
                seen = lines.get(o.outcome)
                if seen is None:
                    lines[o.outcome] = OutcomeLine(o.outcome, obj.objective, o.text, o.percent >= 100, o.percent,
                                                   [team.team])
                else:
                    lines[o.outcome] = OutcomeLine(o.outcome, obj.objective, o.text,
                                                   seen.achieved and o.percent >= 100, min(seen.percent, o.percent),
                                                   [*seen.teams, team.team])
    return list(lines.values())


def top_lessons(card: Scorecard, n: int = 3) -> list[Lesson]:
    """The `n` lessons whose steps lost the most points, over every team (a lesson shared by steps counts once)."""
    by_text: dict[str, Lesson] = {}
    for team in card.teams:
        for s in team.steps:
            lost = max(0.0, s.max_points - s.points)
            if not s.lesson or lost <= 0 or s.status in ("void", "pending"):
                continue
            seen = by_text.get(s.lesson) or Lesson(s.lesson, 0.0, [], [])
            by_text[s.lesson] = Lesson(s.lesson, seen.points_lost + lost, [*seen.steps, s.step],
                                       seen.teams + ([team.team] if team.team not in seen.teams else []))
    return sorted(by_text.values(), key=lambda lesson: -lesson.points_lost)[:n]


def cross_team(card: Scorecard, pack: Pack) -> list[CrossTeamRow]:
    """Objectives down, teams across: each team's points, percent and rating on each objective."""
    rows = []
    for obj in pack.objectives:
        cells = [CrossTeamCell(t.team, next((o for o in t.objectives if o.objective == obj.id), None))
                 for t in card.teams]
        rows.append(CrossTeamRow(obj.id, obj.text, cells))
    return rows


def executive_summary(card: Scorecard, pack: Pack) -> ExecutiveSummary:
    """Page 1: the scenario in two sentences, scores and ratings, outcomes, the top three lessons."""
    return ExecutiveSummary(
        scenario=two_sentences(pack.summary),
        teams=list(card.teams),
        objectives=[o.id for o in pack.objectives],
        outcomes=outcomes(card),
        lessons=top_lessons(card),
    )
