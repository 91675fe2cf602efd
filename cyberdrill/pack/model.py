"""The exercise-pack format as validated models.

A pack is a folder: `pack.yaml` (metadata and, optionally, any section) plus further YAML files that each
hold one or more top-level sections (`world.yaml`, `injects.yaml`, `steps.yaml` ...), `solution.yaml`
(a script), `scripts/*.yaml` (more scripts) and `attachments/` (Jinja2 text templates). The loader merges
the sections of all files into one mapping and validates it as `Pack`. docs/pack-format.md documents it.

Times: exercise times are strings "T+HH:MM" (or "T+HH:MM:SS"); durations are strings like "30m", "4h",
"1h30m", "2d". Both become whole seconds. Bare numbers are refused: YAML reads 01:30 as the integer 90.

Text that may name the run's world (`{{ world.x }}`) is Jinja2, rendered in a sandbox; values in field
matchers and scripts may be templates too.

The models live in modules named for what they describe (basics, world_spec, conditions, procedure);
this module holds the rest and is the one place the other layers import the format from.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from cyberdrill.pack.basics import (
    ID_PATTERN,
    Duration,
    ExerciseTime,
    Ident,
    Scalar,
    Strict,
    Tlp,
    format_clock,
    parse_clock,
    parse_duration,
)
from cyberdrill.pack.conditions import (
    ATTEMPTED,
    REF_KINDS,
    AllCondition,
    AnyCondition,
    Condition,
    Effects,
    FactCondition,
    FiredCondition,
    NotCondition,
    PenaltyCondition,
    PublishedCondition,
    StepCondition,
    StepStatusName,
    Trigger,
    split_ref,
)
from cyberdrill.pack.instruments import Instrument
from cyberdrill.pack.matcher import Matcher
from cyberdrill.pack.procedure import Marking, Penalty, Route, Step
from cyberdrill.pack.world_spec import Attachment, Generator, Record, WorldItem

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


class Outcome(Strict):
    """An outcome measure of an objective, over the run's facts: `fact` (a number) of `of` (a number, a
    fact's name or a template over the world) as a percentage; a true/false fact is 100 or 0; with `by`, the
    fact counts only if it had that value by then."""

    id: Ident
    text: str
    fact: Ident
    of: Any = None
    by: ExerciseTime | None = None
    equals: Scalar = True  # for a true/false (or text) fact: the value that counts as achieved


class Objective(Strict):
    id: Ident
    text: str
    capability: str  # e.g. a core capability or CSIRT service the objective exercises
    thresholds: Thresholds = Thresholds()
    outcomes: list[Outcome] = []
    outcome_weight: float = Field(0, ge=0, le=1)  # share of the rating the outcomes carry (0: shown only)


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
# What each item of a `list` field may be required to be (`items`): kinds judged on their own.
ItemType = Literal["text", "account", "sha256", "ipv4", "domain", "url", "email", "datetime"]


class ActionField(Strict):
    type: FieldType
    label: str
    required: bool = False
    options: list[str] | None = None  # choice/multichoice; for party/channel/team: the allowed ids (a party
    # field also accepts team ids: a message to another team)
    pattern: str | None = None  # a regex the value must match (form check, not scoring)
    help: str | None = None
    placeholder: str | None = None
    max_length: int | None = Field(default=None, gt=0)  # longest text taken (a list: all items together)
    items: ItemType | None = None  # for a list: the kind each item must be (e.g. account)
    # The label shown for each choice in a localized pack (pack/translations.py): the value stays the source's.
    _option_labels: dict[str, str] = PrivateAttr(default_factory=dict)

    def option_label(self, value: str) -> str:
        """The label a form shows for the choice `value`: its translation in a localized pack, else itself."""
        return self._option_labels.get(value, value)

    @model_validator(mode="after")
    def _options(self) -> ActionField:
        if self.type in ("choice", "multichoice") and not self.options:
            raise ValueError(f"a {self.type} field needs options")
        if self.items is not None and self.type != "list":
            raise ValueError("only a list field has `items`")
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
    # The action that registers an attachment as evidence (it needs a sha256 field): the team console's
    # evidence locker opens it pre-filled with the attachment and its recorded digest. At most one per pack.
    registers_evidence: bool = False


# ----------------------------------------------------------------------------------------------- rules


class Reply(Strict):
    inject: Ident
    after: Duration = 0


class Forward(Strict):
    """Pass an accepted request on to another party after a delay (a national point of contact forwarding it):
    that party's rules then answer the requesting team."""

    to: Ident
    after: Duration = 0


class PartyRule(Strict):
    """How a simulated party answers an action addressed to it (field `to`). Rules are tried in order;
    the first whose party, action, and `when` fit is used. `party` may name a team: the rule then stands
    in for that team when it does not play in the session (a team that plays receives the message). The reply
    is delayed by `after`, counted from the start of the party's next working hours when the channel is not
    always on."""

    id: Ident
    party: Ident
    on: Ident  # action type
    when: Condition | None = None
    channels: list[Ident] | None = None  # accepted channels; another channel gets `otherwise`
    accept_if: dict[Ident, Matcher] = {}
    reply: Reply
    effects: Effects | None = None  # applied when the reply is delivered
    otherwise: Reply | None = None  # the rejection; its text sees `missing`, a list of what was wrong
    request: dict[Ident, Matcher] = {}  # the rule applies only to requests whose fields pass these
    sender: list[Ident] | None = None  # the rule applies only to requests from these teams
    forward: Forward | None = None  # an accepted request is also passed on to another party


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
    instruments: dict[Ident, Instrument] = {}  # extends the bundled vocabulary of `cites`
    # Where each value was written (a pack.yamlnodes.Document), set by the loader and no part of the format:
    # a problem found later, such as a world generator that fails when a session starts, names its line.
    _positions: Any = PrivateAttr(default=None)
    # The pack's translations (language -> pack.translations.Translation), set by the loader; the localized
    # copies made from them (language -> Pack), and for such a copy its language. See pack/translations.py.
    _translations: dict[str, Any] = PrivateAttr(default_factory=dict)
    _localized: dict[str, Any] = PrivateAttr(default_factory=dict)
    _language: str | None = PrivateAttr(default=None)

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

    def evidence_action(self) -> str | None:
        """The action type that registers evidence: the one declared `registers_evidence: true`; in a pack
        that declares none (written before the key existed), the first with a sha256 field, preferring one
        that also names the attachment (validate warns and suggests the declaration). None: no such type."""
        declared = [name for name, a in self.actions.items() if a.registers_evidence]
        if declared:
            return declared[0]
        hashed = [name for name, a in self.actions.items() if any(f.type == "sha256" for f in a.fields.values())]
        hashed.sort(key=lambda name: not any(f.type == "attachment" for f in self.actions[name].fields.values()))
        return hashed[0] if hashed else None


# Sections a pack file may hold, and the script files.

# The format's one import surface: the models of this module and those of basics, conditions, procedure and
# world_spec, re-exported on purpose (explicitly, so `mypy --strict` accepts `from cyberdrill.pack.model import`).
__all__ = [
    "ATTEMPTED",
    "ID_PATTERN",
    "REF_KINDS",
    "ActionField",
    "ActionType",
    "AllCondition",
    "AnyCondition",
    "Attachment",
    "Channel",
    "Condition",
    "Consequence",
    "Duration",
    "Effects",
    "ExerciseTime",
    "FactCondition",
    "FieldType",
    "FiredCondition",
    "Forward",
    "Generator",
    "Ident",
    "Inject",
    "Instrument",
    "ItemType",
    "Marking",
    "Matcher",
    "NotCondition",
    "Objective",
    "Outcome",
    "Pack",
    "Party",
    "PartyKind",
    "PartyRule",
    "Penalty",
    "PenaltyCondition",
    "PublishedCondition",
    "Record",
    "Reply",
    "Route",
    "Scalar",
    "ScriptEntry",
    "Step",
    "StepCondition",
    "StepStatusName",
    "Strict",
    "Team",
    "Thresholds",
    "Tlp",
    "Trigger",
    "Weekday",
    "WorkingHours",
    "WorldItem",
    "format_clock",
    "parse_clock",
    "parse_duration",
    "split_ref",
]
