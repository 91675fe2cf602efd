"""The exercise-pack format as validated models.

A pack is a folder: `pack.yaml` (metadata and, optionally, any section) plus further YAML files that each
hold one or more top-level sections (`world.yaml`, `injects.yaml`, `steps.yaml` ...), `solution.yaml`
(a script), `scripts/*.yaml` (more scripts) and `attachments/` (Jinja2 text templates). The loader merges
the sections of all files into one mapping and validates it as `Pack`. docs/pack-format.md documents it.

Times: exercise times are strings "T+HH:MM" (or "T+HH:MM:SS"); durations are strings like "30m", "4h",
"1h30m", "2d". Both become whole seconds. Bare numbers are refused: YAML reads 01:30 as the integer 90.

Text that may name the run's world (`{{ world.x }}`) is Jinja2, rendered in a sandbox; values in field
matchers and scripts may be templates too.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from cyberdrill.pack.vocab import RSIT_VALUES, TLP_LABELS, TlpLabel, tlp_hint

# --------------------------------------------------------------------------------------------- basics


class Strict(BaseModel):
    """Every pack model refuses unknown keys (a typo is an error, not a silent default)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Scalar = Union[bool, int, float, str]

_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")
_CLOCK = re.compile(r"^\s*T\+(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*$")


def parse_duration(value: Any) -> int:
    """'1h30m' -> 5400 seconds."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"a duration is written like '30m', '4h', '1h30m' or '2d', not {value!r}")
    m = _DURATION.match(value)
    if not m or not any(m.groups()):
        raise ValueError(f"a duration is written like '30m', '4h', '1h30m' or '2d', not {value!r}")
    d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 + s


def parse_clock(value: Any) -> int:
    """'T+01:30' -> 5400 seconds of exercise time."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"an exercise time is written 'T+HH:MM', e.g. 'T+01:30', not {value!r}")
    m = _CLOCK.match(value)
    if not m:
        raise ValueError(f"an exercise time is written 'T+HH:MM', e.g. 'T+01:30', not {value!r}")
    h, mi, s = (int(g) if g else 0 for g in m.groups())
    return (h * 60 + mi) * 60 + s


def format_clock(seconds: int) -> str:
    """5400 -> 'T+01:30' (seconds shown only when not whole minutes)."""
    sign = "-" if seconds < 0 else "+"
    seconds = abs(int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"T{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def _tlp(value: Any) -> Any:
    if isinstance(value, str) and value not in TLP_LABELS:
        hint = tlp_hint(value)
        allowed = ", ".join(TLP_LABELS)
        raise ValueError(f"{value!r} is not a TLP 2.0 label" + (f" ({hint})" if hint else f"; use one of {allowed}"))
    return value


Duration = Annotated[int, BeforeValidator(parse_duration)]
ExerciseTime = Annotated[int, BeforeValidator(parse_clock)]
Tlp = Annotated[TlpLabel, BeforeValidator(_tlp)]

# -------------------------------------------------------------------------------------------- metadata


class Thresholds(Strict):
    """Minimum percentage of an objective's points for each HSEEP rating; below M is U."""

    P: float = Field(90, ge=0, le=100)
    S: float = Field(70, ge=0, le=100)
    M: float = Field(50, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if not (self.P >= self.S >= self.M):
            raise ValueError("thresholds must satisfy P >= S >= M")
        return self


class Objective(Strict):
    id: Ident
    text: str
    capability: str  # e.g. a core capability or CSIRT service the objective exercises
    thresholds: Thresholds = Thresholds()


class Team(Strict):
    """A player team."""

    id: Ident
    name: str
    short: str | None = None  # e.g. "TH", shown in tight layouts
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]  # ISO 3166-1 alpha-2
    timezone: str  # IANA, e.g. Asia/Bangkok
    locale: str = "en_US"  # Faker locale for this team's side of the world
    language: str = "en"
    description: str | None = None


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class WorkingHours(Strict):
    days: list[Weekday] = ["mon", "tue", "wed", "thu", "fri"]
    start: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = "09:00"
    end: Annotated[str, Field(pattern=r"^([01]\d|2[0-4]):[0-5]\d$")] = "18:00"


PartyKind = Literal[
    "bank",
    "remittance",
    "isp",
    "hoster",
    "registrar",
    "police",
    "prosecutor",
    "central-authority",
    "fiu",
    "poc-24-7",
    "cert",
    "press",
    "victim",
    "hotline",
    "leadership",
    "regulator",
    "other",
]


class Party(Strict):
    """A role the engine (or the instructor) plays."""

    id: Ident
    name: str
    kind: PartyKind
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    timezone: str
    hours: WorkingHours | None = None  # None: answers around the clock
    played_by: Literal["engine", "instructor"] = "engine"
    description: str | None = None


class Channel(Strict):
    id: Ident
    name: str
    always_on: bool = False  # a 24/7 channel: requests are handled outside the party's working hours
    public: bool = False  # anything sent here is published (no personal data!)
    description: str | None = None


# ----------------------------------------------------------------------------------------------- world


class Generator(Strict):
    """One synthetic value. Exactly one of the generator keys is given.

    faker:    a Faker provider name (e.g. name, phone_number, address, company, ipv4_public, domain_name),
              called with `args`, in `locale` (default: the enclosing record's, then en_US). Only provider
              names from an allow-list are accepted: pack files are data, never code.
    choice:   one item of the list.
    sample:   `k` distinct items of the list, in random order.
    int:      [low, high], inclusive, rounded to `step`.
    number:   [low, high], rounded to `digits`.
    pattern:  '#' becomes a digit, '?' a letter, e.g. '###-#-#####-#'.
    template: Jinja2 text over the world generated so far (`{{ world.hoster.name }}`).
    value:    a constant.
    """

    faker: str | None = None
    args: dict[str, Any] = {}
    locale: str | None = None
    choice: list[Any] | None = None
    sample: list[Any] | None = None
    k: int | None = Field(None, ge=1)
    int_: list[int] | None = Field(None, alias="int", min_length=2, max_length=2)
    step: int = Field(1, ge=1)
    number: list[float] | None = Field(None, min_length=2, max_length=2)
    digits: int = Field(2, ge=0, le=6)
    pattern: str | None = None
    template: str | None = None
    value: Any = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Generator:
        given = [
            k
            for k in ("faker", "choice", "sample", "int_", "number", "pattern", "template", "value")
            if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of faker, choice, sample, int, number, pattern, template, value"
                + (f" (found {', '.join(g.rstrip('_') for g in given)})" if given else "")
            )
        if self.sample is not None and self.k is None:
            raise ValueError("sample needs k, the number of items to draw")
        if self.int_ is not None and self.int_[0] > self.int_[1]:
            raise ValueError("int: [low, high] with low <= high")
        return self


class Record(Strict):
    """A generated record (`count` absent) or list of records (`count` given) with named fields."""

    count: int | None = Field(None, ge=1, le=1000)
    locale: str | None = None
    fields: dict[Ident, Generator]


def _world_item_tag(value: Any) -> str:
    return "record" if isinstance(value, dict) and "fields" in value else "generator"


WorldItem = Annotated[
    Union[Annotated[Record, Tag("record")], Annotated[Generator, Tag("generator")]],
    Discriminator(_world_item_tag),
]


class Attachment(Strict):
    """A file a team can read: a Jinja2 text template under the pack folder, rendered per run."""

    file: str  # relative to the pack root, must stay inside it
    title: str | None = None
    media_type: str = "text/plain"  # e.g. text/csv, message/rfc822


# ------------------------------------------------------------------------------------------ conditions


class FactCondition(Strict):
    """A fact (mutable run state, declared in `facts`) equals a value (default: true)."""

    fact: Ident
    equals: Scalar = True


StepStatusName = Literal["on_time", "late", "partial", "wrong", "out_of_order", "missed", "pending", "void"]
ATTEMPTED: tuple[str, ...] = ("on_time", "late", "partial", "wrong", "out_of_order")


class StepCondition(Strict):
    """A team's step has reached one of `status` (default: attempted in any way)."""

    step: Ident
    status: list[StepStatusName] = list(ATTEMPTED)


class FiredCondition(Strict):
    """An inject has been delivered."""

    fired: Ident


class AllCondition(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyCondition(Strict):
    any: list[Condition] = Field(min_length=1)


class NotCondition(Strict):
    not_: Condition = Field(alias="not")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("fact", "step", "fired", "all", "any", "not"):
            if key in value:
                return key
    if isinstance(value, BaseModel):
        return {
            FactCondition: "fact",
            StepCondition: "step",
            FiredCondition: "fired",
            AllCondition: "all",
            AnyCondition: "any",
            NotCondition: "not",
        }.get(type(value))
    return None


Condition = Annotated[
    Union[
        Annotated[FactCondition, Tag("fact")],
        Annotated[StepCondition, Tag("step")],
        Annotated[FiredCondition, Tag("fired")],
        Annotated[AllCondition, Tag("all")],
        Annotated[AnyCondition, Tag("any")],
        Annotated[NotCondition, Tag("not")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition is one of {fact: ...}, {step: ...}, {fired: ...}, {all: [...]}, "
        "{any: [...]}, {not: ...}",
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


# --------------------------------------------------------------------------------------------- injects


class Inject(Strict):
    """A scripted message (the MSEL). Without `trigger` it fires only as a party's reply, from another
    inject's or consequence's `then`, or by the instructor."""

    id: Ident
    title: str | None = None  # short line for the instructor's MSEL view; defaults to the subject
    trigger: Trigger | None = None
    unless: Condition | None = None  # checked when due: if it holds, the inject is cancelled
    from_: Ident = Field(alias="from")  # a party, or a team (the reply of a rule standing in for it)
    to: list[Ident] = Field(min_length=1)  # teams
    channel: Ident
    tlp: Tlp = "TLP:AMBER"
    subject: str  # Jinja2
    body: str  # Jinja2, Markdown
    attachments: list[str] = []
    effects: Effects | None = None  # applied when delivered


class Consequence(Strict):
    """What happens when nobody acts: a timer that changes facts and may deliver an inject."""

    id: Ident
    title: str
    trigger: Trigger
    unless: Condition | None = None
    effects: Effects | None = None
    inject: Ident | None = None


# --------------------------------------------------------------------------------------------- actions

FieldType = Literal[
    "text",  # one line
    "longtext",  # free text; may be marked by an evaluator
    "bool",
    "int",
    "amount",  # a decimal number of money, e.g. 412000.00
    "currency",  # ISO 4217 code
    "tlp",
    "rsit",  # "class/type"
    "party",
    "team",
    "channel",
    "choice",  # one of `options`
    "multichoice",  # a list of `options`
    "account",  # a bank account number or IBAN; `pattern` narrows it
    "sha256",
    "ipv4",
    "domain",
    "url",
    "email",
    "datetime",  # ISO 8601
    "attachment",  # the name of an attachment the team has received
    "list",  # a list of one-line strings (identifiers, URLs ...)
]


class ActionField(Strict):
    type: FieldType
    label: str
    required: bool = False
    options: list[str] | None = None  # choice/multichoice; for party/channel/team: the allowed ids (a party
    # field also accepts team ids: a message to another team)
    pattern: str | None = None  # a regex the value must match (form check, not scoring)
    help: str | None = None
    placeholder: str | None = None

    @model_validator(mode="after")
    def _options(self) -> ActionField:
        if self.type in ("choice", "multichoice") and not self.options:
            raise ValueError(f"a {self.type} field needs options")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a valid regular expression: {exc}") from None
        return self


class ActionType(Strict):
    """What a team can do. By convention a message to a party has fields `to` (party) and `channel`; `to`
    may name another team (then `tlp` and `subject`, if the type has them, make the message's envelope)."""

    title: str
    description: str | None = None
    fields: dict[Ident, ActionField]


# ----------------------------------------------------------------------------------------------- steps


class Matcher(Strict):
    """One check of an action's field. Exactly one operator. Comparisons of text ignore case and
    surrounding space; values may be Jinja2 templates over the world.

    equals, one_of, not_one_of: the value (lists: the set of values) equals / is among / is not among;
    regex: the value matches (search);
    contains_all, contains_any, not_contains: text contains the substrings (lists: contain the items);
    tlp_at_least, tlp_at_most: a TLP label at least / at most as restrictive;
    present: the field is given and not empty (true) or absent/empty (false).
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
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Matcher:
        given = [k for k in self.OPERATORS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "a matcher gives exactly one of " + ", ".join(self.OPERATORS) + (f" (found {', '.join(given)})" if given else "")
            )
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


# ----------------------------------------------------------------------------------------------- rules


class Reply(Strict):
    inject: Ident
    after: Duration = 0


class PartyRule(Strict):
    """How a simulated party answers an action addressed to it (field `to`). Rules are tried in order;
    the first whose party, action, and `when` fit is used. `party` may name a team: the rule then stands
    in for that team when it does not play in the session (a team that plays receives the message). The reply is delayed by `after`, counted
    from the start of the party's next working hours when the channel is not always on."""

    id: Ident
    party: Ident
    on: Ident  # action type
    when: Condition | None = None
    channels: list[Ident] | None = None  # accepted channels; another channel gets `otherwise`
    accept_if: dict[Ident, Matcher] = {}
    reply: Reply
    effects: Effects | None = None  # applied when the reply is delivered
    otherwise: Reply | None = None  # the rejection; its text sees `missing`, a list of what was wrong


# ------------------------------------------------------------------------------------------------ scripts


class ScriptEntry(Strict):
    """One line of a script: a team's action, or an evaluator's mark (`mark: STEP`)."""

    at: ExerciseTime
    team: Ident
    action: Ident | None = None
    fields: dict[Ident, Any] = {}
    reply_to: Ident | None = None  # the inject being answered
    mark: Ident | None = None
    points: float | None = Field(None, ge=0)
    comment: str | None = None

    @model_validator(mode="after")
    def _kind(self) -> ScriptEntry:
        if (self.action is None) == (self.mark is None):
            raise ValueError("a script entry gives either action (a team's action) or mark (an evaluator's mark)")
        if self.mark is not None and self.points is None:
            raise ValueError("a mark gives points")
        return self


# ------------------------------------------------------------------------------------------------- pack


class Pack(Strict):
    """The whole exercise, merged from the pack folder's files."""

    id: Ident
    title: str
    version: str
    authors: list[str] = Field(min_length=1)
    languages: list[str] = ["en"]
    summary: str
    scenario: str | None = None  # longer Markdown background for briefings and reports
    duration: Duration
    time_scale: float = Field(10, gt=0, le=600)  # exercise minutes per wall minute
    start: datetime  # the scenario's date and time at T+00:00, with a UTC offset
    late_factor: float = Field(0.5, ge=0, le=1)  # share of a step's points kept when late
    show_live_score: bool = False
    legal_basis_note: str | None = None

    objectives: list[Objective] = Field(min_length=1)
    teams: list[Team] = Field(min_length=1)
    parties: list[Party] = []
    channels: list[Channel] = Field(min_length=1)
    world: dict[Ident, WorldItem] = {}
    facts: dict[Ident, Scalar] = {}
    attachments: dict[str, Attachment] = {}
    actions: dict[Ident, ActionType] = Field(min_length=1)
    injects: list[Inject] = []
    consequences: list[Consequence] = []
    steps: list[Step] = Field(min_length=1)
    rules: list[PartyRule] = []

    @field_validator("start")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("start needs a UTC offset, e.g. 2026-11-23T09:00:00+07:00")
        return value

    # Lookups used everywhere; cheap enough to build on demand.
    def team(self, team_id: str) -> Team:
        return next(t for t in self.teams if t.id == team_id)

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)

    def channel(self, channel_id: str) -> Channel:
        return next(c for c in self.channels if c.id == channel_id)

    def inject(self, inject_id: str) -> Inject:
        return next(i for i in self.injects if i.id == inject_id)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)


# Sections a pack file may hold, and the script files.
SECTIONS: tuple[str, ...] = tuple(Pack.model_fields)
RSIT_CHOICES = RSIT_VALUES

AllCondition.model_rebuild()
AnyCondition.model_rebuild()
NotCondition.model_rebuild()
Trigger.model_rebuild()
