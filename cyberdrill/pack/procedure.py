"""The expected procedure: steps, the matchers that judge an action's fields, penalties and marking."""

from __future__ import annotations

from pydantic import Field, model_validator

from cyberdrill.pack.basics import Duration, ExerciseTime, Ident, Strict
from cyberdrill.pack.conditions import Condition, FactCondition, Trigger
from cyberdrill.pack.matcher import Matcher


class Penalty(Strict):
    """A deduction when an attempt at the step matches every matcher in `when` (at most once a step)."""

    id: Ident
    when: dict[Ident, Matcher] = Field(min_length=1)
    points: float = Field(gt=0)
    reason: str
    cite: str | None = None


class Marking(Strict):
    """Points an evaluator awards by hand for a free-text field of the step's action."""

    field: Ident
    points: float = Field(gt=0)
    rubric: str


class Route(Strict):
    """Another way to meet a step: its own action type, selection, matchers, points and penalties. The
    attempt that scores best, over the step's own route and these, counts."""

    id: Ident
    title: str | None = None
    action: Ident
    select: dict[Ident, Matcher] = {}
    match: dict[Ident, Matcher] = {}
    points: float | None = Field(None, gt=0)  # at most the step's points; default: the step's
    penalties: list[Penalty] = []
    substance: list[Ident] = []  # free-text fields of which at least one must carry facts (else: 0 points)


class Step(Strict):
    """An expected action of the procedure and how it is judged."""

    id: Ident
    team: Ident
    title: str
    objective: Ident
    action: Ident
    opens: Trigger | None = None  # None: open from T+00:00
    due: Duration | None = None  # deadline counted from when it opens
    deadline: ExerciseTime | None = None  # or an absolute deadline; give at most one of due/deadline
    requires: list[Ident] = []  # steps of the same team to be attempted first
    applies: Condition | None = None  # evaluated at scoring time; false: void, not counted
    select: dict[Ident, Matcher] = {}  # which of the team's actions of this type are attempts at this step
    match: dict[Ident, Matcher] = {}  # scored checks; points split by weight
    points: float = Field(gt=0)
    late_factor: float | None = Field(None, ge=0, le=1)  # pack default when None
    penalties: list[Penalty] = []
    marking: Marking | None = None
    routes: list[Route] = []  # alternative procedures that meet the step
    substance: list[Ident] = []  # free-text fields of which at least one must carry facts (else: 0 points)
    moot_once: FactCondition | None = None  # work done once this fact holds is worth nothing (too late to matter)
    cite: str
    lesson: str
    recommendation: str | None = None  # corrective action for the improvement plan

    @model_validator(mode="after")
    def _one_deadline(self) -> Step:
        if self.due is not None and self.deadline is not None:
            raise ValueError("give due (relative to opening) or deadline (absolute), not both")
        seen: set[str] = set()
        for route in self.routes:
            if route.id in seen:
                raise ValueError(f"two routes have the id {route.id!r}")
            seen.add(route.id)
            if route.points is not None and route.points > self.points:
                raise ValueError(f"route {route.id!r} is worth {route.points:g}, more than the step's {self.points:g}")
        return self
