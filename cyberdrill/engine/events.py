"""Events: the immutable facts of a session's log. State is a fold over them.

Every event carries `t`, the exercise time in seconds at which it happened. Fields named `wall_*` hold
wall-clock readings passed in by the caller (the engine never reads a clock); they, and the session id,
are the only values that differ between two runs of the same pack, seed and script.

On the wire an event is a JSON object `{"type": ..., "v": ..., **fields}`; `to_json`/`from_json` convert.
`seq` (the position in the log) is the store's business, not the event's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

# Why an inject was scheduled for later: a party's reply or rejection of an action, or the instructor's
# delay of a scripted inject.
ScheduleCause = Literal["reply", "rejection", "instructor"]
# Why a message was delivered: its `at` time, a trigger (`after`), a condition (`when`), a contingency
# (`missed`), a scheduled reply or rejection, a consequence, the instructor (fired or delayed), an ad-hoc
# message the instructor wrote, or another team's message.
DeliveryCause = Literal["time", "trigger", "condition", "contingency", "reply", "rejection", "consequence",
                        "instructor", "adhoc", "team"]

# ---------------------------------------------------------------------------------------- the registry

@dataclass(frozen=True, slots=True)
class Event:
    TYPE: ClassVar[str] = "event"
    VERSION: ClassVar[int] = 1

    t: int  # exercise time, seconds since T+00:00

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: type and version first, then the fields."""
        out: dict[str, Any] = {"type": self.TYPE, "v": self.VERSION}
        for f in dataclasses.fields(self):
            out[f.name] = _plain(getattr(self, f.name))
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def from_json(data: dict[str, Any]) -> Event:
    """The event a `to_json` dict describes. Raises ValueError on an unknown type or a newer version."""
    kind = data.get("type")
    cls = EVENT_TYPES.get(kind)  # type: ignore[arg-type]  # any JSON value: a non-str one is simply not found
    if cls is None:
        raise ValueError(f"unknown event type {kind!r}")
    version = data.get("v", 1)
    if version > cls.VERSION:
        raise ValueError(f"event {kind!r} version {version} is newer than this cyberdrill understands ({cls.VERSION})")
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs = {k: v for k, v in data.items() if k in names}
    for f in dataclasses.fields(cls):
        if f.name in kwargs and isinstance(kwargs[f.name], list) and "tuple" in str(f.type):
            kwargs[f.name] = tuple(kwargs[f.name])
    return cls(**kwargs)


# ------------------------------------------------------------------------------------------- session


@dataclass(frozen=True, slots=True)
class SessionStarted(Event):
    """The first event of every log. It records the generated world, so that a replay years later,
    with another Faker release, sees the same facts, and the language each team reads (version 2; a log of
    version 1 has none: every team read the pack's own language)."""

    TYPE: ClassVar[str] = "session_started"
    VERSION: ClassVar[int] = 2
    session: str
    pack: str
    pack_version: str
    pack_hash: str
    seed: int
    teams: tuple[str, ...]
    world: dict[str, Any]
    attachments: dict[str, dict[str, Any]]  # name -> {"sha256", "size", "title", "media_type"}
    time_scale: float
    wall_at: str | None = None
    # team -> the language it reads, for each team that does not read the pack's own (source) language
    languages: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SessionEnded(Event):
    TYPE: ClassVar[str] = "session_ended"
    by: str = "instructor"
    wall_at: str | None = None


# --------------------------------------------------------------------------------------------- clock


@dataclass(frozen=True, slots=True)
class ClockStarted(Event):
    TYPE: ClassVar[str] = "clock_started"
    speed: float = 1.0  # exercise seconds per wall second
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class ClockPaused(Event):
    TYPE: ClassVar[str] = "clock_paused"
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class ClockResumed(Event):
    TYPE: ClassVar[str] = "clock_resumed"
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class SpeedChanged(Event):
    TYPE: ClassVar[str] = "speed_changed"
    speed: float = 1.0
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class ClockJumped(Event):
    """The instructor moved the clock forward from `t_from` to `t`."""

    TYPE: ClassVar[str] = "clock_jumped"
    t_from: int = 0
    wall_at: str | None = None


# ------------------------------------------------------------------------------------------- injects


@dataclass(frozen=True, slots=True)
class InjectScheduled(Event):
    """An inject will be delivered at `due` (a party's reply, a delayed trigger, a delay by the
    instructor). `context` holds extra template values, e.g. `missing` for a rejection."""

    TYPE: ClassVar[str] = "inject_scheduled"
    inject: str
    due: int
    cause: ScheduleCause
    in_reply_to: str | None = None  # an action id
    rule: str | None = None  # the party rule that produced it
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InjectDelivered(Event):
    """A message reached teams. `message` is its id in the session ("M1", "M2" ...); ad-hoc messages
    written by the instructor and messages from another team have `inject` None. `subject` and `body` are in
    the pack's own language; `texts` (version 2) holds the same message rendered in each other language the
    pack translates it into ({lang: {"subject": ..., "body": ...}}), so that every recipient reads it in its
    language and the instructor in any (engine/queries.py `message_text`)."""

    TYPE: ClassVar[str] = "inject_delivered"
    VERSION: ClassVar[int] = 2
    message: str
    inject: str | None
    sender: str  # a party id; a team id for a team's message (cause "team") or its stand-in's reply
    to: tuple[str, ...]
    channel: str
    tlp: str
    subject: str
    body: str
    attachments: tuple[str, ...] = ()
    cause: DeliveryCause = "time"
    in_reply_to: str | None = None  # an action id
    texts: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InjectCancelled(Event):
    """A due inject did not fire: its `unless` held, or the instructor skipped it."""

    TYPE: ClassVar[str] = "inject_cancelled"
    inject: str
    reason: str
    in_reply_to: str | None = None  # set when a scheduled reply to this action id was cancelled


# ------------------------------------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class ActionTaken(Event):
    """A team's action that passed the form checks. Whether it was right is for the score."""

    TYPE: ClassVar[str] = "action_taken"
    action_id: str  # "A1", "A2" ...
    team: str
    action: str  # the action type
    fields: dict[str, Any]
    reply_to: str | None = None  # a message id
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class FactsChanged(Event):
    TYPE: ClassVar[str] = "facts_changed"
    set: dict[str, Any]
    cause: str  # "rule:ID", "inject:ID", "consequence:ID"


@dataclass(frozen=True, slots=True)
class ConsequenceApplied(Event):
    TYPE: ClassVar[str] = "consequence_applied"
    consequence: str


@dataclass(frozen=True, slots=True)
class ConsequenceCancelled(Event):
    """A due consequence did not happen: its `unless` held (it never fires later)."""

    TYPE: ClassVar[str] = "consequence_cancelled"
    consequence: str
    reason: str


@dataclass(frozen=True, slots=True)
class TriggerArmed(Event):
    """A `when` condition became true at `t`: the trigger of `target` ("inject:ID", "consequence:ID",
    "step:ID" for a step's opening) is due at `due` (t + its delay), even if the condition turns false."""

    TYPE: ClassVar[str] = "trigger_armed"
    target: str
    due: int


@dataclass(frozen=True, slots=True)
class StepOpened(Event):
    TYPE: ClassVar[str] = "step_opened"
    step: str
    team: str
    due: int | None  # exercise time of the deadline


# ------------------------------------------------------------------------------------------- marking


@dataclass(frozen=True, slots=True)
class MarkGiven(Event):
    """An evaluator's mark for a step's free-text part. A later mark replaces an earlier one."""

    TYPE: ClassVar[str] = "mark_given"
    team: str
    step: str
    points: float
    comment: str = ""
    evaluator: str = "evaluator"
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class RatingOverridden(Event):
    TYPE: ClassVar[str] = "rating_overridden"
    team: str
    objective: str
    rating: str  # P, S, M, U
    justification: str
    by: str = "instructor"
    wall_at: str | None = None


# ------------------------------------------------------------------------------------------- debrief
# The hot wash, the instructor's observations and the improvement plan (HSEEP AAR/IP). Accepted after the
# session has ended too: the debrief happens then, and the log stays append-only.


@dataclass(frozen=True, slots=True)
class HotWashOpened(Event):
    """The instructor opened the hot wash: each team seat may now answer its form."""

    TYPE: ClassVar[str] = "hotwash_opened"
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class HotWashAnswered(Event):
    """A team's hot-wash answers. A later answer of the same team replaces its earlier one."""

    TYPE: ClassVar[str] = "hotwash_answered"
    team: str
    went_well: tuple[str, ...]
    to_improve: tuple[str, ...]
    commitments: tuple[str, ...]
    ratings: dict[str, int]  # objective id -> self-rating 1..5
    comment: str | None = None
    anonymous: bool = False  # the comment is shown without the team's name
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class ObservationAdded(Event):
    """An instructor's observation about one team (`team`) or the whole exercise (None)."""

    TYPE: ClassVar[str] = "observation_added"
    team: str | None
    text: str
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class PlanItemSet(Event):
    """A row of the improvement plan, new or edited (same `item`: the later row replaces the earlier).
    `source` says where it came from: "step:ID" (a deduction), "hotwash:TEAM", "observation"."""

    TYPE: ClassVar[str] = "plan_item_set"
    item: str  # "P1", "P2" ...
    team: str | None
    source: str
    issue: str
    action: str  # the corrective action
    capability: str  # the capability element (planning, organisation, equipment, training, exercises)
    owner: str  # the owner organisation
    start: str | None = None  # ISO date
    completion: str | None = None  # ISO date
    wall_at: str | None = None


@dataclass(frozen=True, slots=True)
class PlanItemRemoved(Event):
    TYPE: ClassVar[str] = "plan_item_removed"
    item: str
    wall_at: str | None = None


# Every event type by its wire name. A new event type is added here too.
EVENT_TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        SessionStarted,
        SessionEnded,
        ClockStarted,
        ClockPaused,
        ClockResumed,
        SpeedChanged,
        ClockJumped,
        InjectScheduled,
        InjectDelivered,
        InjectCancelled,
        ActionTaken,
        FactsChanged,
        ConsequenceApplied,
        ConsequenceCancelled,
        TriggerArmed,
        StepOpened,
        MarkGiven,
        RatingOverridden,
        HotWashOpened,
        HotWashAnswered,
        ObservationAdded,
        PlanItemSet,
        PlanItemRemoved,
    )
}
