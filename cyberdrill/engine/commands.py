"""Commands: what a team, the instructor or an evaluator asks for. `decide(command, state)` turns one into
events (or refuses it). Every command carries `at`, the exercise time it happens at: the engine first
delivers everything that fell due up to `at`, then applies the command. `wall_at` is a wall-clock
reading the caller passes in, copied into the events' `wall_*` fields; the engine never reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """What every command carries. Commands are built by keyword, and every field without a real default
    is required: `TakeAction(at=0)` is a TypeError, not an action by team "" of type ""."""

    at: int  # exercise seconds
    wall_at: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StartSession(Command):
    """Begin a session. The caller generates the world (Faker lives outside the engine) and renders the
    attachments' digests; the engine records them in `SessionStarted`."""

    session: str
    seed: int
    teams: tuple[str, ...]
    world: dict[str, Any]
    attachments: dict[str, dict[str, Any]]
    pack_hash: str
    time_scale: float | None = None  # None: the pack's
    languages: dict[str, str] | None = None  # team -> language, overriding the pack's `teams[].language`


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick(Command):
    """Advance the exercise to `at`, delivering whatever falls due."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StartClock(Command):
    speed: float | None = None  # exercise seconds per wall second; None: the session's time scale


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseClock(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeClock(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class SetSpeed(Command):
    speed: float


@dataclass(frozen=True, slots=True, kw_only=True)
class JumpClock(Command):
    """Move the clock forward to `to` (everything due on the way is delivered, in order)."""

    to: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TakeAction(Command):
    team: str
    action: str
    fields: dict[str, Any] = field(default_factory=dict)  # an action type may have no fields
    reply_to: str | None = None  # a message id


@dataclass(frozen=True, slots=True, kw_only=True)
class GiveMark(Command):
    team: str
    step: str
    points: float
    comment: str = ""
    evaluator: str = "evaluator"  # marks from a script name no evaluator


@dataclass(frozen=True, slots=True, kw_only=True)
class OverrideRating(Command):
    team: str
    objective: str
    rating: str
    justification: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FireInject(Command):
    """The instructor delivers a scripted inject now."""

    inject: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SkipInject(Command):
    inject: str
    reason: str = "skipped by the instructor"


@dataclass(frozen=True, slots=True, kw_only=True)
class DelayInject(Command):
    inject: str
    by: int  # seconds


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteInject(Command):
    """The instructor writes an ad-hoc message as a party (role-playing the bank on the phone)."""

    sender: str
    to: tuple[str, ...]
    channel: str
    tlp: str = "TLP:AMBER"
    subject: str
    body: str
    in_reply_to: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EndSession(Command):
    pass


# ------------------------------------------------------------------------------------------- debrief


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenHotWash(Command):
    """The instructor opens the hot wash (live or after the end)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerHotWash(Command):
    """A team seat's hot-wash form. `seat` is the team whose seat sends it (None: a script or an import,
    which speak for any team); a seat may answer for its own team only."""

    team: str
    went_well: tuple[str, ...] = ()
    to_improve: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    ratings: dict[str, int] = field(default_factory=dict)  # objective id -> 1..5
    comment: str | None = None
    anonymous: bool = False
    seat: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddObservation(Command):
    text: str
    team: str | None = None  # None: about the whole exercise


@dataclass(frozen=True, slots=True, kw_only=True)
class SetPlanItem(Command):
    """Add (`item` None) or edit a row of the improvement plan."""

    item: str | None = None
    team: str | None = None
    source: str
    issue: str
    action: str
    capability: str = ""
    owner: str = ""
    start: str | None = None  # ISO date, YYYY-MM-DD
    completion: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovePlanItem(Command):
    item: str


class CommandRefused(Exception):
    """The command cannot be applied. For a team action, `fields` maps each field to its problem (form
    only: missing, malformed); the form keeps what was typed and shows these inline."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
