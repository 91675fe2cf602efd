"""The expected procedure: steps, the matchers that judge an action's fields, penalties and marking."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from cyberdrill.pack.basics import Duration, ExerciseTime, Ident, Strict, Tlp
from cyberdrill.pack.conditions import Condition, Trigger


class Matcher(Strict):
    """One check of an action's field. Exactly one operator. Comparisons of text ignore case and
    surrounding space; values may be Jinja2 templates over the world.

    equals, one_of, not_one_of: the value (lists: the set of values) equals / is among / is not among;
    regex: the value matches (search);
    contains_all, contains_any, not_contains: text contains the substrings (lists: contain the items);
    tlp_at_least, tlp_at_most: a TLP label at least / at most as restrictive;
    present: the field is given and not empty (true) or absent/empty (false);
    names: the text names these world values (accounts, IPs, references, names, amounts), `need` of them;
    covers: the period the text states covers [from, to] (compared as instants, whatever the UTC offset);
    cites: the text cites these legal instruments ("untoc:18", "161-fz"), by any alias, `need` of them.
    Free text that carries no facts (filler, the field's own label) counts as not given.
    """

    equals: Any = None
    one_of: list[Any] | None = None
    not_one_of: list[Any] | None = None
    regex: str | None = None
    contains_all: list[Any] | None = None
    contains_any: list[Any] | None = None
    not_contains: list[Any] | None = None
    tlp_at_least: Tlp | None = None
    tlp_at_most: Tlp | None = None
    present: bool | None = None
    names: list[Any] | None = None
    covers: list[Any] | None = Field(None, min_length=2, max_length=2)
    cites: list[str] | None = Field(None, min_length=1)
    need: Literal["all", "any"] | int | None = None  # names, cites: how many must be there (default all)
    weight: float = Field(1, gt=0)
    hint: str | None = None  # what the team should have done, shown with the deduction

    OPERATORS: ClassVar[tuple[str, ...]] = (
        "equals",
        "one_of",
        "not_one_of",
        "regex",
        "contains_all",
        "contains_any",
        "not_contains",
        "tlp_at_least",
        "tlp_at_most",
        "present",
        "names",
        "covers",
        "cites",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Matcher:
        given = [k for k in self.OPERATORS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "a matcher gives exactly one of "
                + ", ".join(self.OPERATORS)
                + (f" (found {', '.join(given)})" if given else "")
            )
        if self.need is not None and given[0] not in ("names", "cites"):
            raise ValueError("need goes with names or cites")
        if isinstance(self.need, int) and not isinstance(self.need, bool) and self.need < 1:
            raise ValueError("need is all, any or a number of at least 1")
        if self.regex is not None:
            try:
                re.compile(self.regex)
            except re.error as exc:
                raise ValueError(f"regex is not a valid regular expression: {exc}") from None
        return self

    @property
    def operator(self) -> str:
        return next(k for k in self.OPERATORS if getattr(self, k) is not None)

    @property
    def operand(self) -> Any:
        return getattr(self, self.operator)


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
    cite: str
    lesson: str
    recommendation: str | None = None  # corrective action for the improvement plan

    @model_validator(mode="after")
    def _one_deadline(self) -> Step:
        if self.due is not None and self.deadline is not None:
            raise ValueError("give due (relative to opening) or deadline (absolute), not both")
        return self
