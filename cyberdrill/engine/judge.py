"""Judging the state at one moment: attempts at steps, their points, step statuses, conditions.

A `Judge` is made for one state at one time `now` and caches what it works out; make a new one when the
state changes. Scoring (scoring.py) and the scheduler (triggers.py) both ask it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cyberdrill.engine.events import ActionTaken
from cyberdrill.engine.index import PackIndex, operand
from cyberdrill.engine.matchers import Context, passes
from cyberdrill.engine.state import State
from cyberdrill.pack.instruments import vocabulary
from cyberdrill.pack.model import (
    ATTEMPTED,
    AllCondition,
    AnyCondition,
    FactCondition,
    FiredCondition,
    Matcher,
    NotCondition,
    Pack,
    Step,
    StepCondition,
)


def action_number(action: ActionTaken) -> int:
    """"A12" -> 12: the order in which actions were taken."""
    return int(action.action_id[1:])


_CONTEXTS: dict[tuple[int, str, str, bool], tuple[Pack, Context]] = {}


def field_context(pack: Pack, action: str, name: str, *, affirm: bool = False) -> Context:
    """What matchers on field `name` of action type `action` need to know (cached per pack)."""
    key = (id(pack), action, name, affirm)
    found = _CONTEXTS.get(key)
    if found is not None and found[0] is pack:
        return found[1]
    spec = pack.actions.get(action)
    fld = spec.fields.get(name) if spec else None
    ctx = Context(kind=fld.type if fld else None, label=fld.label if fld else None, start=pack.start,
                  instruments=_vocabulary(pack), affirm=affirm)
    if len(_CONTEXTS) > 4096:
        _CONTEXTS.clear()
    _CONTEXTS[key] = (pack, ctx)
    return ctx


_VOCABULARIES: dict[int, tuple[Pack, dict[str, tuple[object, ...]]]] = {}


def _vocabulary(pack: Pack) -> dict[str, tuple[object, ...]]:
    found = _VOCABULARIES.get(id(pack))
    if found is None or found[0] is not pack:
        if len(_VOCABULARIES) > 32:
            _VOCABULARIES.clear()
        found = (pack, dict(vocabulary(pack.instruments)))
        _VOCABULARIES[id(pack)] = found
    return found[1]


@dataclass
class Attempt:
    """One action judged against one step."""

    action: ActionTaken
    content: float  # points for content alone
    failed: list[tuple[str, Matcher, Any, float]]  # (field, matcher, operand, points lost)
    passed_any: bool  # at least one `match` matcher passed (or there are none)
    late: bool
    out_of_order: bool
    missing_requires: list[str]
    points: float  # after late and out-of-order factors


@dataclass
class Judge:
    idx: PackIndex
    state: State
    now: int
    _attempts: dict[str, list[ActionTaken]] = field(default_factory=dict)
    _judged: dict[str, list[Attempt]] = field(default_factory=dict)
    _visiting: set[str] = field(default_factory=set)

    # ------------------------------------------------------------------------------------- attempts

    def context(self, action: str, name: str, *, affirm: bool = False) -> Context:
        return field_context(self.idx.pack, action, name, affirm=affirm)

    def selects(self, step: Step, action: ActionTaken) -> bool:
        return all(
            passes(m, operand(self.state, ("select", step.id, name), m), action.fields.get(name),
                   self.context(step.action, name))
            for name, m in step.select.items()
        )

    def attempts(self, step: Step) -> list[ActionTaken]:
        """The team's actions that are attempts at `step`, in the order taken."""
        found = self._attempts.get(step.id)
        if found is None:
            candidates = self.state.by_type.get((step.team, step.action), [])
            found = [a for a in candidates if self.selects(step, a)] if step.select else list(candidates)
            self._attempts[step.id] = found
        return found

    def first_attempt_time(self, step: Step) -> int | None:
        found = self.attempts(step)
        return found[0].t if found else None

    def deadline(self, step: Step) -> int | None:
        opened = self.state.opened.get(step.id)
        return None if opened is None else opened[1]

    def late_factor(self, step: Step) -> float:
        return step.late_factor if step.late_factor is not None else self.idx.pack.late_factor

    def judged(self, step: Step) -> list[Attempt]:
        """Every attempt at `step`, scored (content, late, out of order)."""
        found = self._judged.get(step.id)
        if found is not None:
            return found
        deadline = self.deadline(step)
        factor = self.late_factor(step)
        total = sum(m.weight for m in step.match.values())
        found = []
        for action in self.attempts(step):
            failed: list[tuple[str, Matcher, Any, float]] = []
            passed_weight = 0.0
            for name, m in step.match.items():
                rendered = operand(self.state, ("match", step.id, name), m)
                if passes(m, rendered, action.fields.get(name), self.context(step.action, name)):
                    passed_weight += m.weight
                else:
                    failed.append((name, m, rendered, step.points * m.weight / total))
            content = step.points * (passed_weight / total if total else 1.0)
            late = deadline is not None and action.t > deadline
            missing = self._missing_requires(step, action)
            points = content * (factor if late else 1.0) * (factor if missing else 1.0)
            found.append(Attempt(action, content, failed, passed_weight > 0 or not total, late, bool(missing),
                                 missing, points))
        self._judged[step.id] = found
        return found

    def _missing_requires(self, step: Step, action: ActionTaken) -> list[str]:
        number = action_number(action)
        missing = []
        for required_id in step.requires:
            required = self.idx.steps.get(required_id)
            if required is None or self.is_void(required):
                continue
            if not any(action_number(a) < number for a in self.attempts(required)):
                missing.append(required_id)
        return missing

    def best(self, step: Step) -> Attempt | None:
        """The attempt that counts: the best-scoring, the earliest among equals."""
        best: Attempt | None = None
        for attempt in self.judged(step):
            if best is None or attempt.points > best.points + 1e-9:
                best = attempt
        return best

    # -------------------------------------------------------------------------------------- status

    def is_void(self, step: Step) -> bool:
        if step.applies is None or step.id in self._visiting:
            return False  # a cycle of `applies` conditions is broken by assuming the step applies
        self._visiting.add(step.id)
        try:
            return not self.holds(step.applies)
        finally:
            self._visiting.discard(step.id)

    def status(self, step: Step) -> str:
        """The step's status for the team that owns it, now."""
        if self.is_void(step):
            return "void"
        best = self.best(step)
        if best is None:
            deadline = self.deadline(step)
            if self.state.ended or (deadline is not None and self.now > deadline):
                return "missed"
            return "pending"
        if best.out_of_order:
            return "out_of_order"
        if best.late:
            return "late"
        if not best.passed_any:
            return "wrong"
        return "partial" if best.failed else "on_time"

    # ---------------------------------------------------------------------------------- conditions

    def holds(self, condition: Any) -> bool:
        """Whether a pack condition holds in this state."""
        if isinstance(condition, FactCondition):
            current = self.state.facts.get(condition.fact, self.idx.initial_fact(condition.fact))
            return current == condition.equals
        if isinstance(condition, StepCondition):
            step = self.idx.steps.get(condition.step)
            if step is None or step.team not in self.state.teams:
                return False
            statuses: tuple[str, ...] = tuple(condition.status) or ATTEMPTED
            return self.status(step) in statuses
        if isinstance(condition, FiredCondition):
            return condition.fired in self.state.first_delivery
        if isinstance(condition, AllCondition):
            return all(self.holds(c) for c in condition.all)
        if isinstance(condition, AnyCondition):
            return any(self.holds(c) for c in condition.any)
        if isinstance(condition, NotCondition):
            return not self.holds(condition.not_)
        raise TypeError(f"not a condition: {condition!r}")
