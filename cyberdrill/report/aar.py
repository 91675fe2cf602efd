"""The after-action report as data: what the HTML and Markdown templates lay out.

It follows the HSEEP after-action report / improvement plan (AAR/IP): an exercise overview; per team and
objective a P/S/M/U rating with strengths and areas for improvement; and the improvement plan appendix
(issue, corrective action, capability element, responsible organisation, dates). Everything is derived
from the scorecard and the pack; nothing here decides a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cyberdrill import __version__
from cyberdrill.engine.debrief import PlanItem
from cyberdrill.engine.events import ActionTaken, Event, SessionEnded, SessionStarted
from cyberdrill.engine.scorecard import STATUSES, ObjectiveResult, Reason, Scorecard, StepResult, TeamScore
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import Objective, Team, Thresholds
from cyberdrill.pack.vocab import RATING_NAMES
from cyberdrill.report.charts import (
    RATING_COLOURS,
    STATUS_COLOURS,
    BarChart,
    Timeline,
    objective_bars,
    step_timeline,
)
from cyberdrill.report.debrief_view import Debrief, debrief
from cyberdrill.report.filters import num
from cyberdrill.report.glossary_view import Glossary, report_glossary
from cyberdrill.report.i18n import current as current_language
from cyberdrill.report.i18n import tr
from cyberdrill.report.labels import (
    ANSWER_NAMES,
    INTERVENTION_NAMES,
    RATING_LABELS,
    STATUS_DESCRIPTIONS,
    STATUS_LABELS,
    translated,
)
from cyberdrill.report.log_view import (
    Intervention,
    RequestHistory,
    interventions,
    request_histories,
    returned_or_revised,
)
from cyberdrill.report.summary import CrossTeamRow, ExecutiveSummary, OutcomeLine, cross_team, executive_summary
from cyberdrill.report.summary import outcomes as outcome_lines

# Reason codes that say "points are not given yet", not "something went wrong".
_NOT_YET = {"unmarked"}
# Reason codes about time and sequence; anything else is about the content of the action.
_TIMING = {"late", "missed", "requires"}
_TIMING_STATUSES = {"late", "missed", "out_of_order"}


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of the HSEEP improvement plan (AAR/IP appendix A)."""

    team: str
    objective: str
    objective_text: str
    capability: str
    step: str
    step_title: str
    issue: str  # what went wrong, in one line
    reasons: list[str]  # each deduction with its citation
    lesson: str
    corrective_action: str
    capability_element: str  # HSEEP POETE element, suggested from the kind of deduction
    primary_responsible_organisation: str = ""  # left for the exercise planning team to fill
    start_date: str = ""
    completion_date: str = ""
    # True: derived from a deduction and not yet taken up by the instructor (no plan_item_set event).
    proposed: bool = True
    item: str = ""  # the plan item's id when the instructor set it
    source: str = ""  # where the item comes from: "step:th.preserve", "hotwash:th-thaicert", "observation"


@dataclass(frozen=True, slots=True)
class PlanGroup:
    """The improvement plan's rows under one objective, as HSEEP groups them by capability."""

    objective: str
    text: str
    capability: str
    rows: list[PlanRow]


@dataclass(frozen=True, slots=True)
class StepGroup:
    """Steps of one objective, for the strengths and the areas for improvement."""

    objective: str
    text: str
    steps: list[StepResult]


@dataclass(frozen=True, slots=True)
class TeamSection:
    score: TeamScore
    team: Team | None
    actions_taken: int | None  # from the event log, when the caller passed it
    objectives: list[ObjectiveResult]
    bar_chart: BarChart
    timeline: Timeline
    steps: list[StepResult]
    strengths: list[StepGroup]
    improvements: list[StepGroup]
    plan: list[PlanRow]
    plan_groups: list[PlanGroup]
    marks: list[StepResult]  # steps an evaluator marked
    awaiting_marks: list[StepResult]
    overrides: list[ObjectiveResult]


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int
    score: TeamScore


@dataclass(frozen=True, slots=True)
class Overview:
    pack_id: str
    title: str
    version: str
    authors: list[str]
    summary: str
    scenario: str | None
    legal_basis_note: str | None
    scenario_start: datetime
    planned_duration: int
    session: str
    seed: int
    scored_at: int
    ended: bool
    started_wall: str | None  # when the session was played, from the log
    ended_wall: str | None
    teams: list[Team]
    objectives: list[Objective]


@dataclass(frozen=True, slots=True)
class AfterActionReport:
    overview: Overview
    sections: list[TeamSection]
    ranking: list[RankRow] | None
    generated_by: str = f"cyberdrill {__version__}"
    statuses: dict[str, str] = field(default_factory=lambda: dict(STATUSES))
    status_colours: dict[str, str] = field(default_factory=lambda: dict(STATUS_COLOURS))
    rating_names: dict[str, str] = field(default_factory=lambda: dict(RATING_NAMES))
    rating_colours: dict[str, str] = field(default_factory=lambda: dict(RATING_COLOURS))

    summary: ExecutiveSummary | None = None
    cross_team: list[CrossTeamRow] = field(default_factory=list)
    outcomes: list[OutcomeLine] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    requests: list[RequestHistory] = field(default_factory=list)
    team_names: dict[str, str] = field(default_factory=dict)
    debrief: Debrief | None = None
    language: str = "en"
    pack_language_note: str = ""  # said when the pack's texts are not in the report's language
    status_labels: dict[str, str] = field(default_factory=dict)
    intervention_names: dict[str, str] = field(default_factory=dict)
    answer_names: dict[str, str] = field(default_factory=dict)
    # Rows the instructor set for the whole exercise (no team).
    general_plan: list[PlanRow] = field(default_factory=list)
    # The appendix: the trilingual glossary of cooperation terms, the report's language first.
    glossary: Glossary = field(default_factory=lambda: Glossary(languages=[], entries=[]))

    def context(self) -> dict[str, Any]:
        """The names a report template sees."""
        return {"report": self, "overview": self.overview, "sections": self.sections, "ranking": self.ranking}


def lost(step: StepResult) -> float:
    """Points the team did not get on a step."""
    return max(0.0, step.max_points - step.points)


def is_strength(step: StepResult) -> bool:
    """Done on time with every point: what the team should keep doing."""
    return step.status == "on_time" and step.max_points > 0 and lost(step) == 0 and not step.awaiting_mark


def needs_improvement(step: StepResult) -> bool:
    """Points lost for something the team did or failed to do (not a mark still to be given)."""
    if step.status in ("void", "pending") or lost(step) == 0:
        return False
    if any(r.code not in _NOT_YET for r in step.reasons) or step.status != "on_time":
        return True
    # On time, no fault given, points missing: only the evaluator's mark is outstanding.
    return not step.awaiting_mark


def reason_line(reason: Reason) -> str:
    """A deduction as one line of text: what, how many points, and the source it rests on."""
    text = reason.text
    if reason.points:
        text += " (" + tr("%(points)s pts", points=num(reason.points)) + ")"
    if reason.cite:
        text += f" [{reason.cite}]"
    return text


def capability_element(step: StepResult) -> str:
    """The HSEEP capability element (POETE) an issue most likely belongs to: a suggestion to review.

    Deadlines and order point at plans and procedures (Planning); wrong or missing content of an action
    points at what people know (Training).
    """
    codes = {r.code.split(":", 1)[0] for r in step.reasons if r.code not in _NOT_YET}
    if step.status in _TIMING_STATUSES or codes & _TIMING:
        if codes - _TIMING:
            return tr("Planning") + "; " + tr("Training")
        return tr("Planning")
    return tr("Training")


def _plan_row(
    team: TeamScore, step: StepResult, objective: ObjectiveResult | None, obj_model: Objective | None
) -> PlanRow:
    status = tr(STATUS_DESCRIPTIONS.get(step.status, step.status))
    issue = tr("%(title)s: %(status)s; %(points)s of %(max)s points", title=step.title, status=status,
               points=num(step.points), max=num(step.max_points))
    reasons = [reason_line(r) for r in step.reasons if r.code not in _NOT_YET]
    marked = any(r.code == "mark" for r in step.reasons)
    if step.mark is not None and step.mark.points < step.mark.max_points and not marked:
        # The marked part has no engine reason of its own: the evaluator's comment is the explanation.
        mark = step.mark
        text = tr("Evaluator's mark %(points)s of %(max)s", points=num(mark.points), max=num(mark.max_points))
        reasons.append(f"{text}: {mark.comment}" if mark.comment else text)
    return PlanRow(
        team=team.team,
        objective=step.objective,
        objective_text=objective.text if objective else (obj_model.text if obj_model else step.objective),
        capability=objective.capability if objective else (obj_model.capability if obj_model else ""),
        step=step.step,
        step_title=step.title,
        issue=issue,
        reasons=reasons,
        lesson=step.lesson,
        corrective_action=step.recommendation or step.lesson,
        capability_element=capability_element(step),
    )


def _group(steps: list[StepResult], objectives: list[ObjectiveResult], texts: dict[str, str]) -> list[StepGroup]:
    order = [o.objective for o in objectives]
    by_objective: dict[str, list[StepResult]] = {}
    for s in steps:
        by_objective.setdefault(s.objective, []).append(s)
    keys = [k for k in order if k in by_objective] + [k for k in by_objective if k not in order]
    return [StepGroup(objective=k, text=texts.get(k, k), steps=by_objective[k]) for k in keys]


def _plan_groups(plan: list[PlanRow], objectives: list[ObjectiveResult]) -> list[PlanGroup]:
    order = {o.objective: i for i, o in enumerate(objectives)}
    groups: dict[str, PlanGroup] = {}
    for row in sorted(plan, key=lambda r: order.get(r.objective, len(order))):
        group = groups.setdefault(
            row.objective, PlanGroup(row.objective, row.objective_text or row.objective, row.capability, rows=[])
        )
        group.rows.append(row)
    return list(groups.values())


def _team_model(loaded: LoadedPack, team_id: str) -> Team | None:
    return next((t for t in loaded.pack.teams if t.id == team_id), None)


def _agreed_row(item: PlanItem, derived: PlanRow | None, step: StepResult | None,
                objective: ObjectiveResult | None) -> PlanRow:
    """A plan row as the instructor set it (plan_item_set), beside the deduction it came from, if any."""
    return PlanRow(
        team=item.team or "",
        objective=step.objective if step else "",
        objective_text=objective.text if objective else "",
        capability=objective.capability if objective else "",
        step=step.step if step else "",
        step_title=step.title if step else "",
        issue=item.issue or (derived.issue if derived else ""),
        reasons=derived.reasons if derived else [],
        lesson=derived.lesson if derived else "",
        corrective_action=item.action or (derived.corrective_action if derived else ""),
        capability_element=item.capability or (derived.capability_element if derived else ""),
        primary_responsible_organisation=item.owner,
        start_date=item.start or "",
        completion_date=item.completion or "",
        proposed=False,
        item=item.item,
        source=item.source,
    )


def merge_plan(derived: list[PlanRow], items: list[PlanItem], team: TeamScore) -> list[PlanRow]:
    """The team's improvement plan: each row the instructor set (with owner and dates), and each row derived
    from a deduction that no set row takes up, kept as proposed."""
    steps = {s.step: s for s in team.steps}
    objectives = {o.objective: o for o in team.objectives}
    by_step = {r.step: r for r in derived}
    rows: list[PlanRow] = []
    taken: set[str] = set()
    for item in items:
        step_id = item.source.removeprefix("step:") if item.source.startswith("step:") else None
        step = steps.get(step_id) if step_id else None
        taken.add(step_id or "")
        objective = objectives.get(step.objective) if step else None
        rows.append(_agreed_row(item, by_step.get(step_id or ""), step, objective))
    return rows + [r for r in derived if r.step not in taken]


def build_section(
    team: TeamScore, card: Scorecard, loaded: LoadedPack, actions: dict[str, int] | None = None,
    items: list[PlanItem] | None = None,
) -> TeamSection:
    """Everything the report shows about one team, compared to the pack's standard."""
    pack = loaded.pack
    thresholds: dict[str, Thresholds] = {o.id: o.thresholds for o in pack.objectives}
    texts = {o.id: o.text for o in pack.objectives} | {o.objective: o.text for o in team.objectives}
    objectives_by_id = {o.objective: o for o in team.objectives}
    models = {o.id: o for o in pack.objectives}
    improvements = [s for s in team.steps if needs_improvement(s)]
    derived = [_plan_row(team, s, objectives_by_id.get(s.objective), models.get(s.objective)) for s in improvements]
    plan = merge_plan(derived, [i for i in items or [] if i.team == team.team], team)
    return TeamSection(
        score=team,
        team=_team_model(loaded, team.team),
        actions_taken=None if actions is None else actions.get(team.team, 0),
        objectives=team.objectives,
        bar_chart=objective_bars(team.objectives, thresholds),
        timeline=step_timeline(team.steps, card.at, pack.duration),
        steps=team.steps,
        strengths=_group([s for s in team.steps if is_strength(s)], team.objectives, texts),
        improvements=_group(improvements, team.objectives, texts),
        plan=plan,
        plan_groups=_plan_groups(plan, team.objectives),
        marks=[s for s in team.steps if s.mark is not None],
        awaiting_marks=[s for s in team.steps if s.awaiting_mark],
        overrides=[o for o in team.objectives if o.override],
    )


def rank(teams: list[TeamScore]) -> list[RankRow]:
    """Teams by percent of their maximum, best first; equal percentages share a rank."""
    ordered = sorted(teams, key=lambda t: (-t.percent, t.team))
    rows: list[RankRow] = []
    for i, t in enumerate(ordered):
        same = rows and abs(rows[-1].score.percent - t.percent) < 1e-9
        rows.append(RankRow(rank=rows[-1].rank if same else i + 1, score=t))
    return rows


def wall_time(reading: str | None) -> str | None:
    """A recorded wall-clock reading (ISO 8601) as people read it: 2026-03-02 09:00 UTC+07:00."""
    if not reading:
        return None
    try:
        moment = datetime.fromisoformat(reading)
    except ValueError:
        return reading  # shown as recorded rather than hidden
    zone = moment.strftime("%z")
    offset = "" if not zone else " UTC" if zone == "+0000" else f" UTC{zone[:3]}:{zone[3:]}"
    return moment.strftime("%Y-%m-%d %H:%M") + offset


def _from_log(events: list[Event] | None) -> tuple[str | None, str | None, dict[str, int] | None]:
    if events is None:
        return None, None, None
    started = wall_time(next((e.wall_at for e in events if isinstance(e, SessionStarted)), None))
    ended = wall_time(next((e.wall_at for e in events if isinstance(e, SessionEnded)), None))
    actions: dict[str, int] = {}
    for e in events:
        if isinstance(e, ActionTaken):
            actions[e.team] = actions.get(e.team, 0) + 1
    return started, ended, actions


def build_report(
    card: Scorecard, loaded: LoadedPack, *, ranking: bool = False, events: list[Event] | None = None,
    pack_language_note: str = "",
) -> AfterActionReport:
    """The after-action report of a scorecard (already narrowed to the teams to show)."""
    pack = loaded.pack
    started, ended, actions = _from_log(events)
    playing = [t.team for t in card.teams]
    overview = Overview(
        pack_id=pack.id,
        title=pack.title,
        version=pack.version,
        authors=list(pack.authors),
        summary=pack.summary,
        scenario=pack.scenario,
        legal_basis_note=pack.legal_basis_note,
        scenario_start=pack.start,
        planned_duration=pack.duration,
        session=card.session,
        seed=card.seed,
        scored_at=card.at,
        ended=card.ended,
        started_wall=started,
        ended_wall=ended,
        teams=[t for t in pack.teams if t.id in playing],
        objectives=list(pack.objectives),
    )
    log = events or []
    texts = {o.id: o.text for o in pack.objectives}
    review = debrief(log, card, texts)
    return AfterActionReport(
        overview=overview,
        sections=[build_section(t, card, loaded, actions, review.plan_items) for t in card.teams],
        ranking=rank(card.teams) if ranking else None,
        summary=executive_summary(card, pack),
        cross_team=cross_team(card, pack),
        outcomes=outcome_lines(card),
        interventions=[i for i in interventions(log, pack) if i.team is None or i.team in playing],
        requests=returned_or_revised([h for h in request_histories(log, pack) if h.team in playing]),
        team_names={t.team: t.name for t in card.teams},
        debrief=review,
        language=current_language(),
        pack_language_note=pack_language_note,
        statuses=translated(STATUS_DESCRIPTIONS),
        rating_names=translated(RATING_LABELS),
        status_labels=translated(STATUS_LABELS),
        intervention_names=translated(INTERVENTION_NAMES),
        answer_names=translated(ANSWER_NAMES),
        general_plan=[_agreed_row(i, None, None, None) for i in review.plan_items if i.team is None],
        glossary=report_glossary(loaded, current_language()),
    )
