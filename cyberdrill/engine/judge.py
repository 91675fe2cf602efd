"""Judging the state at one moment: attempts at steps, their points, step statuses, conditions.

A `Judge` is made for one state at one time `now` and caches what it works out; make a new one when the
state changes. Scoring (scoring.py) and the scheduler (triggers.py) both ask it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cyberdrill.engine.events import ActionTaken
from cyberdrill.engine.index import PackIndex, operand
from cyberdrill.engine.matchers import Context, given, passes
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
    Penalty,
    PenaltyCondition,
    PublishedCondition,
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


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Way:
    """One procedure that meets a step: the step's own (route None) or one of its `routes`."""

    route: str | None
    action: str
    select: dict[str, Matcher]
    match: dict[str, Matcher]
    points: float
    penalties: tuple[Penalty, ...]
    substance: tuple[str, ...] = ()

    def key(self, step: Step, *parts: str) -> tuple[str, ...]:
        """The operand-cache key of a matcher of this way."""
        return (parts[0], step.id, *parts[1:]) if self.route is None else (parts[0], step.id, "route", self.route,
                                                                             *parts[1:])


def ways(step: Step) -> list[Way]:
    """The step's own procedure, then its alternative routes."""
    out = [Way(None, step.action, step.select, step.match, step.points, tuple(step.penalties),
               tuple(step.substance))]
    out += [Way(r.id, r.action, r.select, r.match, r.points if r.points is not None else step.points,
                tuple(r.penalties), tuple(r.substance)) for r in step.routes]
    return out


@dataclass
class Attempt:
    """One action judged against one step (by one of its ways)."""

    action: ActionTaken
    content: float  # points for content alone
    failed: list[tuple[str, Matcher, Any, float]]  # (field, matcher, operand, points lost)
    passed_any: bool  # at least one `match` matcher passed (or there are none)
    late: bool
    out_of_order: bool
    missing_requires: list[str]
    points: float  # after late and out-of-order factors
    route: str | None = None  # the alternative route it took (None: the step's own)
    moot_since: int | None = None  # made after the step's `moot_once` fact changed (then): worth nothing
    empty: tuple[str, ...] = ()  # the way's `substance` fields, when none of them carries facts: worth nothing


@dataclass
class Judge:
    idx: PackIndex
    state: State
    now: int
    _attempts: dict[str, list[ActionTaken]] = field(default_factory=dict)
    _judged: dict[str, list[Attempt]] = field(default_factory=dict)
    _routed: dict[str, list[tuple[Way, ActionTaken]]] = field(default_factory=dict)
    _visiting: set[str] = field(default_factory=set)

    # ------------------------------------------------------------------------------------- attempts

    def context(self, action: str, name: str, *, affirm: bool = False) -> Context:
        return field_context(self.idx.pack, action, name, affirm=affirm)

    def selects(self, step: Step, action: ActionTaken, way: Way | None = None) -> bool:
        way = way or ways(step)[0]
        return all(
            passes(m, operand(self.state, way.key(step, "select", name), m), action.fields.get(name),
                   self.context(way.action, name))
            for name, m in way.select.items()
        )

    def routed(self, step: Step) -> list[tuple[Way, ActionTaken]]:
        """Each (way, action) pair: the team's actions each way selects, in the order taken."""
        found = self._routed.get(step.id)
        if found is None:
            found = []
            for way in ways(step):
                candidates = self.state.by_type.get((step.team, way.action), [])
                found += [(way, a) for a in candidates if not way.select or self.selects(step, a, way)]
            found.sort(key=lambda pair: action_number(pair[1]))
            self._routed[step.id] = found
        return found

    def attempts(self, step: Step) -> list[ActionTaken]:
        """The team's actions that are attempts at `step` (by any of its routes), in the order taken."""
        found = self._attempts.get(step.id)
        if found is None:
            seen: set[str] = set()
            found = []
            for _, action in self.routed(step):
                if action.action_id not in seen:
                    seen.add(action.action_id)
                    found.append(action)
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
        moot = self.became(step.moot_once) if step.moot_once is not None else None
        found = []
        for way, action in self.routed(step):
            total = sum(m.weight for m in way.match.values())
            failed: list[tuple[str, Matcher, Any, float]] = []
            passed_weight = 0.0
            for name, m in way.match.items():
                rendered = operand(self.state, way.key(step, "match", name), m)
                if passes(m, rendered, action.fields.get(name), self.context(way.action, name)):
                    passed_weight += m.weight
                else:
                    failed.append((name, m, rendered, way.points * m.weight / total))
            content = way.points * (passed_weight / total if total else 1.0)
            empty = way.substance if way.substance and all(
                given(action.fields.get(name), self.context(way.action, name)) in (None, "", [], ())
                for name in way.substance) else ()
            if empty:
                content = 0.0
            late = deadline is not None and action.t > deadline
            missing = self._missing_requires(step, action)
            points = content * (factor if late else 1.0) * (factor if missing else 1.0)
            moot_since = moot if moot is not None and action.t >= moot else None
            found.append(Attempt(action, content, failed, passed_weight > 0 or not total, late, bool(missing),
                                 missing, 0.0 if moot_since is not None else points, way.route, moot_since,
                                 empty))
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

    # ------------------------------------------------------------------------- penalties, publishing

    def penalty_hit(self, step: Step, way: Way, penalty: Penalty) -> ActionTaken | None:
        """The first attempt at `step` by `way` that matches every matcher of the penalty's `when`."""
        for w, action in self.routed(step):
            if w.route != way.route:
                continue
            if all(
                passes(m, operand(self.state, way.key(step, "penalty", penalty.id, name), m),
                       action.fields.get(name), self.context(way.action, name, affirm=True))
                for name, m in penalty.when.items()
            ):
                return action
        return None

    def penalty_applied(self, penalty_id: str) -> bool:
        """Whether the penalty with this id applied to the team that owns its step (any step, any route)."""
        for step in self.idx.pack.steps:
            if step.team not in self.state.teams:
                continue
            for way in ways(step):
                for penalty in way.penalties:
                    if penalty.id == penalty_id and self.penalty_hit(step, way, penalty) is not None:
                        return True
        return False

    def published(self, matcher: Matcher) -> ActionTaken | None:
        """The first action sent on a public channel whose fields, read as one text, pass `matcher`."""
        rendered = operand(self.state, ("published", repr(matcher.operand), matcher.operator), matcher)
        for action in self.state.actions:
            channel = self.idx.channels.get(str(action.fields.get("channel")))
            if channel is None or not getattr(channel, "public", False):
                continue
            text = "\n".join(_as_text(v) for k, v in action.fields.items() if k not in ("to", "channel", "tlp"))
            if passes(matcher, rendered, text, Context(kind="longtext", start=self.idx.pack.start,
                                                        instruments=_vocabulary(self.idx.pack))):
                return action
        return None

    def became(self, condition: FactCondition) -> int | None:
        """When the fact first took the condition's value by a change in this run (None: it has not)."""
        for t, value in self.state.fact_changes.get(condition.fact, ()):
            if value == condition.equals:
                return t
        return None

    # ---------------------------------------------------------------------------------- conditions

    def holds(self, condition: Any) -> bool:
        """Whether a pack condition holds in this state."""
        if isinstance(condition, FactCondition):
            current = self.state.facts.get(condition.fact, self.idx.initial_fact(condition.fact))
            return bool(current == condition.equals)
        if isinstance(condition, StepCondition):
            step = self.idx.steps.get(condition.step)
            if step is None or step.team not in self.state.teams:
                return False
            statuses: tuple[str, ...] = tuple(condition.status) or ATTEMPTED
            return self.status(step) in statuses
        if isinstance(condition, FiredCondition):
            return condition.fired in self.state.first_delivery
        if isinstance(condition, PenaltyCondition):
            return self.penalty_applied(condition.penalty)
        if isinstance(condition, PublishedCondition):
            return self.published(condition.published) is not None
        if isinstance(condition, AllCondition):
            return all(self.holds(c) for c in condition.all)
        if isinstance(condition, AnyCondition):
            return any(self.holds(c) for c in condition.any)
        if isinstance(condition, NotCondition):
            return not self.holds(condition.not_)
        raise TypeError(f"not a condition: {condition!r}")
