"""Declarative conditions, effects on the run's facts, and triggers (when things happen)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Discriminator, Field, Tag, field_validator, model_validator

from cyberdrill.pack.basics import Duration, ExerciseTime, Ident, Scalar, Strict
from cyberdrill.pack.matcher import Matcher


class FactCondition(Strict):
    """A fact (mutable run state, declared in `facts`) equals a value (default: true)."""

    fact: Ident
    equals: Scalar = True


StepStatusName = Literal["on_time", "late", "partial", "wrong", "out_of_order", "missed", "pending", "void"]
ATTEMPTED: tuple[StepStatusName, ...] = ("on_time", "late", "partial", "wrong", "out_of_order")


class StepCondition(Strict):
    """A team's step has reached one of `status` (default: attempted in any way)."""

    step: Ident
    status: list[StepStatusName] = list(ATTEMPTED)


class FiredCondition(Strict):
    """An inject has been delivered."""

    fired: Ident


class PenaltyCondition(Strict):
    """A penalty (by its id) applied to the team that owns its step."""

    penalty: Ident


class PublishedCondition(Strict):
    """Something published: an action sent on a public channel whose fields, read together as one text,
    pass the matcher (e.g. `{names: ["{{ world.mule.account }}"]}`: the account number was leaked)."""

    published: Matcher


class AllCondition(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyCondition(Strict):
    any: list[Condition] = Field(min_length=1)


class NotCondition(Strict):
    not_: Condition = Field(alias="not")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("fact", "step", "fired", "penalty", "published", "all", "any", "not"):
            if key in value:
                return key
    if isinstance(value, BaseModel):
        return {
            FactCondition: "fact",
            StepCondition: "step",
            FiredCondition: "fired",
            PenaltyCondition: "penalty",
            PublishedCondition: "published",
            AllCondition: "all",
            AnyCondition: "any",
            NotCondition: "not",
        }.get(type(value))
    return None


Condition = Annotated[
    Annotated[FactCondition, Tag("fact")]
    | Annotated[StepCondition, Tag("step")]
    | Annotated[FiredCondition, Tag("fired")]
    | Annotated[PenaltyCondition, Tag("penalty")]
    | Annotated[PublishedCondition, Tag("published")]
    | Annotated[AllCondition, Tag("all")]
    | Annotated[AnyCondition, Tag("any")]
    | Annotated[NotCondition, Tag("not")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition is one of {fact: ...}, {step: ...}, {fired: ...}, {penalty: ...}, "
        "{published: MATCHER}, {all: [...]}, {any: [...]}, {not: ...}",
    ),
]


class Effects(Strict):
    """What changes in the run's facts."""

    set: dict[Ident, Scalar] = Field(min_length=1)


# -------------------------------------------------------------------------------------------- triggers

REF_KINDS = ("inject", "step", "consequence")
_REF = re.compile(r"^(inject|step|consequence):([A-Za-z0-9][A-Za-z0-9._-]*)$")


class Trigger(Strict):
    """When something happens. Exactly one of:

    at:     an exercise time;
    after:  "inject:ID" (delivered), "step:ID" (attempted by the team) or "consequence:ID" (applied),
            plus `delay`;
    when:   a condition, checked whenever the run's state changes, plus `delay`;
    missed: a step id: fires when that step's deadline passes without an attempt (a contingency).
    """

    at: ExerciseTime | None = None
    after: str | None = None
    when: Condition | None = None
    missed: Ident | None = None
    delay: Duration = 0

    @field_validator("after")
    @classmethod
    def _ref(cls, value: str | None) -> str | None:
        if value is not None and not _REF.match(value):
            raise ValueError(f"'after' names 'inject:ID', 'step:ID' or 'consequence:ID', not {value!r}")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Trigger:
        given = [k for k in ("at", "after", "when", "missed") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a trigger gives exactly one of at, after, when, missed")
        return self


def split_ref(ref: str) -> tuple[str, str]:
    """'inject:hotline-1' -> ('inject', 'hotline-1')."""
    kind, _, ident = ref.partition(":")
    return kind, ident


AllCondition.model_rebuild()
AnyCondition.model_rebuild()
NotCondition.model_rebuild()
Trigger.model_rebuild()
