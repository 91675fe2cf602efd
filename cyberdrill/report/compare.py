"""`report --compare`: several sessions of one pack side by side, a team's trend by objective over them.

For each team, per objective and session: points, percent and rating; per session the total; and the plan
items the instructor agreed after each session but the last (plan_item_set events), each with what the next
session shows of it: a step-based item is *resolved* when that step earned every point next time, *improved*
when it earned more than before, *not improved* otherwise; other items are *not measured* by a step.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from cyberdrill.engine.debrief import PlanItem, improvement_plan
from cyberdrill.engine.events import Event, SessionStarted
from cyberdrill.engine.scorecard import ObjectiveResult, Scorecard, StepResult
from cyberdrill.engine.state import replay
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report.aar import wall_time
from cyberdrill.report.i18n import tr

ItemStatus = Literal["resolved", "improved", "not_improved", "not_measured"]


class CompareError(ValueError):
    """The sessions cannot be compared (fewer than two, or not of one pack)."""


@dataclass(frozen=True, slots=True)
class Run:
    """One session to compare: its scorecard, its log and the pack it was played with."""

    card: Scorecard
    events: list[Event]
    loaded: LoadedPack


@dataclass(frozen=True, slots=True)
class SessionColumn:
    session: str
    played: str | None
    seed: int
    ended: bool


@dataclass(frozen=True, slots=True)
class Cell:
    score: float
    max_score: float
    percent: float
    rating: str


@dataclass(frozen=True, slots=True)
class TrendRow:
    objective: str
    text: str
    cells: list[Cell | None]  # one per session, None: the team did not play it

    @property
    def change(self) -> float | None:
        """Percentage points between the first and the last session the team played."""
        played = [c for c in self.cells if c is not None]
        return None if len(played) < 2 else round(played[-1].percent - played[0].percent, 1)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A plan item agreed after one session, and what the next session shows of it."""

    after_session: str
    item: PlanItem
    status: ItemStatus
    before: StepResult | None
    after: StepResult | None


@dataclass(frozen=True, slots=True)
class TeamTrend:
    team: str
    name: str
    totals: list[Cell | None]
    rows: list[TrendRow]
    follow_ups: list[FollowUp]


@dataclass(frozen=True, slots=True)
class Comparison:
    pack_id: str
    title: str
    sessions: list[SessionColumn]
    teams: list[TeamTrend]
    status_names: dict[str, str]

    def context(self) -> dict[str, Any]:
        """The names a compare template sees."""
        return {"comparison": self}


def _cell(o: ObjectiveResult | None) -> Cell | None:
    return None if o is None else Cell(o.score, o.max_score, o.percent, o.rating)


def _status(before: StepResult | None, after: StepResult | None) -> ItemStatus:
    if after is None or after.status in ("void", "pending"):
        return "not_measured"
    if after.max_points > 0 and after.points >= after.max_points:
        return "resolved"
    if before is not None and after.points > before.points:
        return "improved"
    return "not_improved"


def _step(card: Scorecard, team: str, step: str) -> StepResult | None:
    score = next((t for t in card.teams if t.team == team), None)
    return None if score is None else next((s for s in score.steps if s.step == step), None)


def _follow_ups(runs: list[Run], team: str) -> list[FollowUp]:
    out: list[FollowUp] = []
    for run, following in pairwise(runs):
        for item in improvement_plan(replay(run.events)):
            if item.team not in (team, None):
                continue
            step = item.source.removeprefix("step:") if item.source.startswith("step:") else None
            before = _step(run.card, team, step) if step else None
            after = _step(following.card, team, step) if step else None
            out.append(FollowUp(run.card.session, item, _status(before, after), before, after))
    return out


def compare(runs: list[Run], team: str | None = None) -> Comparison:
    """The comparison of `runs` (in the order they were played); `team` keeps one team."""
    if len(runs) < 2:
        raise CompareError("compare needs at least two sessions")
    packs = {r.card.pack for r in runs}
    if len(packs) > 1:
        raise CompareError(f"the sessions were played with different packs ({', '.join(sorted(packs))})")
    pack = runs[-1].loaded.pack
    teams = [t for t in pack.teams if any(t.id in {s.team for s in r.card.teams} for r in runs)]
    if team is not None:
        teams = [t for t in teams if t.id == team]
        if not teams:
            raise CompareError(f"team {team!r} played none of these sessions")
    columns = [SessionColumn(r.card.session,
                             wall_time(next((e.wall_at for e in r.events if isinstance(e, SessionStarted)), None)),
                             r.card.seed, r.card.ended) for r in runs]
    trends = []
    for t in teams:
        scores = [next((s for s in r.card.teams if s.team == t.id), None) for r in runs]
        totals = [None if s is None else Cell(s.score, s.max_score, s.percent, "") for s in scores]
        rows = [TrendRow(o.id, o.text, [None if s is None else _cell(next(
            (x for x in s.objectives if x.objective == o.id), None)) for s in scores]) for o in pack.objectives]
        name = next((s.name for s in scores if s is not None), t.name)
        trends.append(TeamTrend(t.id, name, totals, rows, _follow_ups(runs, t.id)))
    names = {"resolved": tr("resolved"), "improved": tr("improved"), "not_improved": tr("not improved"),
             "not_measured": tr("not measured by a step")}
    return Comparison(pack.id, pack.title, columns, trends, names)


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data (docs/report-schema.md, *Comparing sessions*)."""

    def cell(c: Cell | None) -> dict[str, Any] | None:
        return None if c is None else {"score": c.score, "max_score": c.max_score, "percent": c.percent,
                                       **({"rating": c.rating} if c.rating else {})}

    return {
        "pack": comparison.pack_id,
        "pack_title": comparison.title,
        "sessions": [{"session": s.session, "played": s.played, "seed": s.seed, "ended": s.ended}
                     for s in comparison.sessions],
        "teams": [{
            "team": t.team, "name": t.name, "totals": [cell(c) for c in t.totals],
            "objectives": [{"objective": r.objective, "text": r.text, "sessions": [cell(c) for c in r.cells],
                            "change": r.change} for r in t.rows],
            "plan_follow_up": [{"after_session": f.after_session, "item": f.item.item, "source": f.item.source,
                                "issue": f.item.issue, "action": f.item.action, "owner": f.item.owner,
                                "completion": f.item.completion, "status": f.status} for f in t.follow_ups],
        } for t in comparison.teams],
    }
