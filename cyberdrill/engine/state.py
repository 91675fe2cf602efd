"""The state of a session: a fold over its events.

`evolve(state, event)` takes ownership of `state`: it updates it in place and returns it. That is what
keeps a replay of a long log fast (no copy per event); whoever needs the old state keeps a `copy()`.
`replay(events)` is the fold of `evolve` from `initial_state()`, and nothing else: there is one fold.
The state knows nothing of the pack: whatever depends on the pack (attempts at steps, statuses, scores)
is computed from it by the engine with the pack in hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cyberdrill.engine import events as ev


@dataclass(eq=False, slots=True)
class Pending:
    """A scheduled inject not yet delivered (a party's reply, an inject delayed by the instructor)."""

    order: int  # scheduling order: ties at the same due time go first-scheduled first
    event: ev.InjectScheduled

    @property
    def due(self) -> int:
        return self.event.due


@dataclass(eq=False, slots=True)
class State:
    """Everything the log says so far. Compare two states with `==` (caches are left out)."""

    started: bool = False
    ended: bool = False
    session: str = ""
    pack: str = ""
    pack_version: str = ""
    pack_hash: str = ""
    seed: int = 0
    teams: tuple[str, ...] = ()
    languages: dict[str, str] = field(default_factory=dict)  # team -> language, where not the pack's own
    world: dict[str, Any] = field(default_factory=dict)
    attachments: dict[str, dict[str, Any]] = field(default_factory=dict)
    time_scale: float = 1.0
    t: int = 0  # time of the latest event
    events: int = 0  # how many events were folded
    # the clock: exercise time = anchor_t + (wall - anchor_wall) * speed while running
    clock_started: bool = False
    clock_running: bool = False
    speed: float = 1.0
    anchor_t: int = 0
    anchor_wall: str | None = None
    # the run's facts as changed by events (the pack's `facts` give the values not changed yet)
    facts: dict[str, Any] = field(default_factory=dict)
    fact_changes: dict[str, tuple[tuple[int, Any], ...]] = field(default_factory=dict)  # fact -> (t, value)...
    # messages: message number n is messages[n - 1]
    messages: list[ev.InjectDelivered] = field(default_factory=list)
    inbox: dict[str, list[str]] = field(default_factory=dict)  # team -> message ids
    received: dict[str, set[str]] = field(default_factory=dict)  # team -> attachment names
    latest: dict[tuple[str, str], str] = field(default_factory=dict)  # (team, inject) -> latest message id
    first_delivery: dict[str, int] = field(default_factory=dict)  # inject -> time first delivered
    done_injects: set[str] = field(default_factory=set)  # delivered or cancelled at least once
    # actions
    actions: list[ev.ActionTaken] = field(default_factory=list)
    by_type: dict[tuple[str, str], list[ev.ActionTaken]] = field(default_factory=dict)  # (team, type)
    # the schedule
    pending: list[Pending] = field(default_factory=list)
    scheduled_count: int = 0
    delayed: dict[str, int] = field(default_factory=dict)  # triggered inject -> due set by the instructor
    armed: dict[str, int] = field(default_factory=dict)  # "inject:ID" ... -> due of a `when` trigger
    applied: dict[str, int] = field(default_factory=dict)  # consequence -> time applied
    cancelled_consequences: set[str] = field(default_factory=set)
    opened: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # step -> (opened at, deadline)
    # evaluation
    marks: dict[tuple[str, str], ev.MarkGiven] = field(default_factory=dict)  # (team, step) -> latest
    overrides: dict[tuple[str, str], ev.RatingOverridden] = field(default_factory=dict)  # (team, objective)
    # the debrief: hot wash, observations, improvement plan (engine/debrief.py reads them)
    hotwash_at: int | None = None  # when the hot wash was opened
    hotwash: dict[str, ev.HotWashAnswered] = field(default_factory=dict)  # team -> latest answer
    observations: list[ev.ObservationAdded] = field(default_factory=list)
    plan: dict[str, ev.PlanItemSet] = field(default_factory=dict)  # item -> latest row (removed: absent)
    plan_count: int = 0  # rows ever added: the next is P{plan_count + 1}
    cache: dict[Any, Any] = field(default_factory=dict)  # derived values (rendered matchers ...); not state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, State):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)

    def fact(self, name: str, default: Any = None) -> Any:
        """The current value of a fact (`default`: the pack's initial value)."""
        return self.facts.get(name, default)

    def copy(self) -> State:
        """An independent copy (events are immutable and shared; containers are copied)."""
        new = State.__new__(State)
        for name in _FIELDS:
            value = getattr(self, name)
            if isinstance(value, (dict, list, set)):
                value = value.copy()
            setattr(new, name, value)
        new.inbox = {k: v.copy() for k, v in self.inbox.items()}
        new.received = {k: v.copy() for k, v in self.received.items()}
        new.by_type = {k: v.copy() for k, v in self.by_type.items()}
        new.cache = self.cache  # derived from the world, which a session never changes
        return new


_FIELDS: tuple[str, ...] = State.__slots__
_COMPARED: tuple[str, ...] = tuple(name for name in _FIELDS if name != "cache")


def initial_state() -> State:
    """The state before the first event."""
    return State()


# ----------------------------------------------------------------------------------------- handlers


def _session_started(s: State, e: ev.SessionStarted) -> None:
    s.started = True
    s.session, s.pack, s.pack_version, s.pack_hash = e.session, e.pack, e.pack_version, e.pack_hash
    s.seed, s.teams, s.world, s.attachments, s.time_scale = e.seed, tuple(e.teams), e.world, e.attachments, e.time_scale
    s.speed = e.time_scale
    s.languages = dict(e.languages)
    for team in s.teams:
        s.inbox[team] = []
        s.received[team] = set()


def _session_ended(s: State, e: ev.SessionEnded) -> None:
    s.ended = True
    s.clock_running = False
    s.anchor_t = e.t


def _clock_started(s: State, e: ev.ClockStarted) -> None:
    s.clock_started = s.clock_running = True
    s.speed, s.anchor_t, s.anchor_wall = e.speed, e.t, e.wall_at


def _clock_paused(s: State, e: ev.ClockPaused) -> None:
    s.clock_running = False
    s.anchor_t, s.anchor_wall = e.t, e.wall_at


def _clock_resumed(s: State, e: ev.ClockResumed) -> None:
    s.clock_running = True
    s.anchor_t, s.anchor_wall = e.t, e.wall_at


def _speed_changed(s: State, e: ev.SpeedChanged) -> None:
    s.speed, s.anchor_t, s.anchor_wall = e.speed, e.t, e.wall_at


def _clock_jumped(s: State, e: ev.ClockJumped) -> None:
    s.anchor_t = e.t
    if e.wall_at is not None:
        s.anchor_wall = e.wall_at


def _inject_scheduled(s: State, e: ev.InjectScheduled) -> None:
    s.pending.append(Pending(s.scheduled_count, e))
    s.scheduled_count += 1
    if e.cause == "instructor":
        s.delayed[e.inject] = e.due


def _take_pending(s: State, inject: str | None, in_reply_to: str | None) -> None:
    # The engine always delivers the earliest (due, order) entry first, so the earliest entry for this
    # inject and request is the one fulfilled.
    best: Pending | None = None
    for p in s.pending:
        if (p.event.inject == inject and p.event.in_reply_to == in_reply_to
                and (best is None or (p.due, p.order) < (best.due, best.order))):
            best = p
    if best is not None:
        s.pending.remove(best)


def _inject_delivered(s: State, e: ev.InjectDelivered) -> None:
    s.messages.append(e)
    for team in e.to:
        s.inbox.setdefault(team, []).append(e.message)
        if e.attachments:
            s.received.setdefault(team, set()).update(e.attachments)
        if e.inject is not None:
            s.latest[(team, e.inject)] = e.message
    if e.inject is not None:
        s.first_delivery.setdefault(e.inject, e.t)
        s.done_injects.add(e.inject)
        if s.pending:
            _take_pending(s, e.inject, e.in_reply_to)


def _inject_cancelled(s: State, e: ev.InjectCancelled) -> None:
    s.done_injects.add(e.inject)
    if s.pending:
        _take_pending(s, e.inject, e.in_reply_to)


def _action_taken(s: State, e: ev.ActionTaken) -> None:
    s.actions.append(e)
    key = (e.team, e.action)
    found = s.by_type.get(key)
    if found is None:
        s.by_type[key] = [e]
    else:
        found.append(e)


def _facts_changed(s: State, e: ev.FactsChanged) -> None:
    s.facts.update(e.set)
    for name, value in e.set.items():
        s.fact_changes[name] = (*s.fact_changes.get(name, ()), (e.t, value))


def _consequence_applied(s: State, e: ev.ConsequenceApplied) -> None:
    s.applied[e.consequence] = e.t


def _consequence_cancelled(s: State, e: ev.ConsequenceCancelled) -> None:
    s.cancelled_consequences.add(e.consequence)


def _trigger_armed(s: State, e: ev.TriggerArmed) -> None:
    s.armed[e.target] = e.due


def _step_opened(s: State, e: ev.StepOpened) -> None:
    s.opened[e.step] = (e.t, e.due)


def _mark_given(s: State, e: ev.MarkGiven) -> None:
    s.marks[(e.team, e.step)] = e


def _rating_overridden(s: State, e: ev.RatingOverridden) -> None:
    s.overrides[(e.team, e.objective)] = e


def _hotwash_opened(s: State, e: ev.HotWashOpened) -> None:
    s.hotwash_at = e.t


def _hotwash_answered(s: State, e: ev.HotWashAnswered) -> None:
    s.hotwash[e.team] = e


def _observation_added(s: State, e: ev.ObservationAdded) -> None:
    s.observations.append(e)


def _plan_item_set(s: State, e: ev.PlanItemSet) -> None:
    if e.item not in s.plan:
        s.plan_count += 1
    s.plan[e.item] = e


def _plan_item_removed(s: State, e: ev.PlanItemRemoved) -> None:
    s.plan.pop(e.item, None)


_HANDLERS: dict[type[ev.Event], Callable[[State, Any], None]] = {
    ev.SessionStarted: _session_started,
    ev.SessionEnded: _session_ended,
    ev.ClockStarted: _clock_started,
    ev.ClockPaused: _clock_paused,
    ev.ClockResumed: _clock_resumed,
    ev.SpeedChanged: _speed_changed,
    ev.ClockJumped: _clock_jumped,
    ev.InjectScheduled: _inject_scheduled,
    ev.InjectDelivered: _inject_delivered,
    ev.InjectCancelled: _inject_cancelled,
    ev.ActionTaken: _action_taken,
    ev.FactsChanged: _facts_changed,
    ev.ConsequenceApplied: _consequence_applied,
    ev.ConsequenceCancelled: _consequence_cancelled,
    ev.TriggerArmed: _trigger_armed,
    ev.StepOpened: _step_opened,
    ev.MarkGiven: _mark_given,
    ev.RatingOverridden: _rating_overridden,
    ev.HotWashOpened: _hotwash_opened,
    ev.HotWashAnswered: _hotwash_answered,
    ev.ObservationAdded: _observation_added,
    ev.PlanItemSet: _plan_item_set,
    ev.PlanItemRemoved: _plan_item_removed,
}


def evolve(state: State, event: ev.Event) -> State:
    """Fold one event into `state`, which is updated in place and returned (the caller hands it over)."""
    _HANDLERS[type(event)](state, event)
    state.t = max(state.t, event.t)
    state.events += 1
    return state


def replay(events: Iterable[ev.Event], state: State | None = None) -> State:
    """The state after `events`, folded onto `state` (default: a fresh one, which is then owned): the one
    fold, `evolve` event by event, so a replayed state is exactly the state built live."""
    s = initial_state() if state is None else state
    for event in events:
        evolve(s, event)
    return s
