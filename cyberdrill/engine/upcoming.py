"""What is due next, for the instructor's view of the master scenario events list (MSEL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cyberdrill.engine.events import ScheduleCause
from cyberdrill.engine.index import index_of
from cyberdrill.engine.judge import Judge
from cyberdrill.engine.state import Pending, State
from cyberdrill.engine.triggers import due_items
from cyberdrill.pack.model import Consequence, Inject, Pack, Step

# What is due: a step that opens, a scheduled inject (a party's reply or rejection, an inject the
# instructor delayed: the schedule's cause), a consequence, or a scripted inject whose time is known.
UpcomingKind = Literal["step", "consequence", "inject"] | ScheduleCause


@dataclass(frozen=True, slots=True)
class Upcoming:
    due: int  # exercise time (it may already have passed when the clock has not been ticked since)
    kind: UpcomingKind
    id: str  # the step, consequence or inject id
    title: str
    in_reply_to: str | None = None  # for replies: the action answered


def upcoming(pack: Pack, state: State) -> list[Upcoming]:
    """Everything whose due time is known and that has not happened yet, soonest first. Triggers that
    wait for something still to happen (an attempt, a condition) are not listed, nor a consequence or
    inject whose `unless` already holds (it would be cancelled when due)."""
    if not state.started or state.ended:
        return []
    idx = index_of(pack)
    out = []
    judge = Judge(idx, state, state.t)
    for item in sorted(due_items(judge), key=lambda d: d.key):
        what = item.what
        if isinstance(what, (Consequence, Inject)) and what.unless is not None and judge.holds(what.unless):
            continue  # averted: as things stand it will be cancelled when due, not delivered
        if isinstance(what, Step):
            out.append(Upcoming(item.due, "step", what.id, what.title))
        elif isinstance(what, Pending):
            inject = idx.injects.get(what.event.inject)
            title = (inject.title or inject.subject) if inject else what.event.inject
            out.append(Upcoming(item.due, what.event.cause, what.event.inject, title, what.event.in_reply_to))
        elif isinstance(what, Consequence):
            out.append(Upcoming(item.due, "consequence", what.id, what.title))
        elif isinstance(what, Inject):
            out.append(Upcoming(item.due, "inject", what.id, what.title or what.subject))
    return out
