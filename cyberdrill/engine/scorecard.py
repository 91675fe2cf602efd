"""The scorecard: the result of scoring a session's events against the pack's steps.

`Scorecard.to_json()` is the documented schema (docs/report-schema.md) read by `cyberdrill run --json`,
the reports and learning-management systems. Keys are stable; add, never rename.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# A step's status, from the team's point of view at the time of scoring.
STATUSES: dict[str, str] = {
    "on_time": "done on time, every check passed",
    "late": "done after its deadline",
    "partial": "done, some checks failed",
    "wrong": "attempted, no check passed",
    "out_of_order": "done before the steps it requires",
    "missed": "not done by its deadline (or by the end)",
    "pending": "open, not yet done, deadline not passed",
    "void": "does not apply in this run (its branch did not happen)",
}


@dataclass(slots=True)
class Reason:
    """One line explaining points lost (`points` < 0) or an observation (`points` == 0)."""

    code: str  # e.g. "late", "field:tlp", "penalty:tlp-too-loose", "missed", "requires", "unmarked", "route"
    text: str
    points: float = 0.0
    cite: str | None = None


@dataclass(slots=True)
class Mark:
    points: float
    max_points: float
    comment: str
    evaluator: str


@dataclass(slots=True)
class StepResult:
    step: str
    title: str
    objective: str
    status: str
    points: float
    max_points: float
    reasons: list[Reason] = field(default_factory=list)
    action_id: str | None = None  # the attempt that counted
    at: int | None = None  # exercise time of that attempt
    opened_at: int | None = None
    due_at: int | None = None
    attempts: int = 0
    cite: str = ""
    lesson: str = ""
    recommendation: str | None = None
    mark: Mark | None = None  # evaluator's mark, when the step has a marked part and it was marked
    awaiting_mark: bool = False
    rubric: str | None = None  # the marking's rubric while the step awaits a mark (the marking queue shows it)
    route: str | None = None  # the alternative route of the attempt that counted (None: the step's own)


@dataclass(slots=True)
class OutcomeResult:
    """One outcome measure of an objective: what the run achieved, beside the procedure score."""

    outcome: str
    text: str
    percent: float  # 0-100
    value: Any  # the fact's value (at `by`, when the measure has one)
    of: Any = None  # what it is measured against (a number), or None
    by: int | None = None  # the exercise time it was measured at (None: the end)


@dataclass(slots=True)
class ObjectiveResult:
    objective: str
    text: str
    capability: str
    score: float
    max_score: float
    percent: float
    rating: str  # P, S, M, U (after any override)
    computed_rating: str
    override: dict[str, str] | None = None  # {"rating", "justification", "by"}
    provisional: bool = False  # a step of it awaits an evaluator's mark: the rating may still rise
    outcomes: list[OutcomeResult] = field(default_factory=list)
    rated_percent: float | None = None  # what the rating rests on: `percent`, blended with the outcomes by weight


@dataclass(slots=True)
class TeamScore:
    team: str
    name: str
    score: float
    max_score: float
    percent: float
    steps: list[StepResult]
    objectives: list[ObjectiveResult]
    provisional: bool = False  # points await an evaluator's mark; they are not counted until marked
    awaiting_mark_points: float = 0.0


@dataclass(slots=True)
class Scorecard:
    session: str
    pack: str
    pack_version: str
    pack_title: str
    seed: int
    at: int  # exercise time scored at
    ended: bool
    teams: list[TeamScore]
    provisional: bool = False  # some team's total still waits for an evaluator's mark

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def team(self, team_id: str) -> TeamScore:
        return next(t for t in self.teams if t.team == team_id)
