"""The schedule: what falls due when, worked out from the pack and the state.

Only what cannot be worked out again from the log is recorded as events: a party's reply
(`InjectScheduled`), an instructor's delay, and the moment a `when` condition became true
(`TriggerArmed`). Everything else (times, `after`, `missed`) is a function of the state, so a replay
schedules exactly what the live run did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cyberdrill.engine.events import DeliveryCause
from cyberdrill.engine.judge import Judge
from cyberdrill.pack.model import Consequence, Inject, Step, Trigger, split_ref

# Ties at the same due time: step openings, then scheduled replies, then consequences, then injects.
STEP, REPLY, CONSEQUENCE, INJECT = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Due:
    """One thing that falls due: `what` is a Step, a Pending reply, a Consequence or an Inject."""

    due: int
    kind: int
    order: int
    what: Any

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.due, self.kind, self.order)


def trigger_due(judge: Judge, trigger: Trigger, target: str) -> int | None:
    """When `trigger` (of `target`, e.g. "inject:ID") falls due, or None while that is not known."""
    state = judge.state
    if trigger.at is not None:
        return trigger.at
    if trigger.after is not None:
        kind, ident = split_ref(trigger.after)
        if kind == "inject":
            since = state.first_delivery.get(ident)
        elif kind == "consequence":
            since = state.applied.get(ident)
        else:
            step = judge.idx.steps.get(ident)
            since = judge.first_attempt_time(step) if step is not None and step.team in state.teams else None
        return None if since is None else since + trigger.delay
    if trigger.when is not None:
        return state.armed.get(target)
    step = judge.idx.steps.get(trigger.missed or "")
    if step is None or step.team not in state.teams or judge.is_void(step):
        return None
    deadline = judge.deadline(step)
    if deadline is None:
        return None
    first = judge.first_attempt_time(step)
    if first is not None and first <= deadline:
        return None
    return deadline + trigger.delay


def trigger_cause(trigger: Trigger) -> DeliveryCause:
    """The `cause` a delivery by this trigger records."""
    if trigger.at is not None:
        return "time"
    if trigger.after is not None:
        return "trigger"
    if trigger.when is not None:
        return "condition"
    return "contingency"


def _unopened_steps(judge: Judge) -> list[Step]:
    state = judge.state
    return [s for team in state.teams for s in judge.idx.team_steps.get(team, []) if s.id not in state.opened]


def _open_consequences(judge: Judge) -> list[Consequence]:
    state = judge.state
    return [c for c in judge.idx.pack.consequences
            if c.id not in state.applied and c.id not in state.cancelled_consequences]


def _open_injects(judge: Judge) -> list[Inject]:
    return [i for i in judge.idx.pack.injects if i.trigger is not None and i.id not in judge.state.done_injects]


def due_items(judge: Judge) -> list[Due]:
    """Everything whose due time is known and that has not happened yet."""
    idx, state = judge.idx, judge.state
    out: list[Due] = []
    for step in _unopened_steps(judge):
        due = 0 if step.opens is None else trigger_due(judge, step.opens, f"step:{step.id}")
        if due is not None:
            out.append(Due(due, STEP, idx.step_order[step.id], step))
    for pending in state.pending:
        if pending.event.cause != "instructor":  # an instructor's delay moves a triggered inject (below)
            out.append(Due(pending.due, REPLY, pending.order, pending))
    for n, consequence in enumerate(idx.pack.consequences):
        if consequence.id in state.applied or consequence.id in state.cancelled_consequences:
            continue
        due = trigger_due(judge, consequence.trigger, f"consequence:{consequence.id}")
        if due is not None:
            out.append(Due(due, CONSEQUENCE, n, consequence))
    for inject in _open_injects(judge):
        assert inject.trigger is not None
        due = state.delayed.get(inject.id)
        if due is None:
            due = trigger_due(judge, inject.trigger, f"inject:{inject.id}")
        if due is not None:
            out.append(Due(due, INJECT, idx.inject_order[inject.id], inject))
    return out


def conditions_to_arm(judge: Judge) -> list[tuple[str, int]]:
    """(target, delay) of every `when` trigger not yet armed whose condition holds now."""
    state = judge.state
    found: list[tuple[str, int]] = []
    candidates: list[tuple[str, Trigger | None]] = [(f"step:{s.id}", s.opens) for s in _unopened_steps(judge)]
    candidates += [(f"consequence:{c.id}", c.trigger) for c in _open_consequences(judge)]
    candidates += [(f"inject:{i.id}", i.trigger) for i in _open_injects(judge)]
    for target, trigger in candidates:
        if trigger is None or trigger.when is None or target in state.armed:
            continue
        if judge.holds(trigger.when):
            found.append((target, trigger.delay))
    return found


def checkpoints(judge: Judge) -> list[int]:
    """Moments when statuses change without an event: one second after each deadline (then a step with
    no attempt becomes missed), so that conditions on statuses are checked again then."""
    return [deadline + 1 for _, deadline in judge.state.opened.values() if deadline is not None]


def first_due(items: list[Due]) -> Due | None:
    """The item to handle first."""
    return min(items, key=lambda d: d.key, default=None)

