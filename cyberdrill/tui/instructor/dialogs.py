"""The instructor's dialogs. Each returns what the instructor chose through `dismiss`; the console turns
that into a command. Nothing here decides a rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Number
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cyberdrill.engine.scorecard import Scorecard, StepResult
from cyberdrill.i18n import N_, _
from cyberdrill.pack.model import Pack, parse_clock, parse_duration
from cyberdrill.pack.vocab import RATING_NAMES, TLP_LABELS
from cyberdrill.tui.inert import inert
from cyberdrill.tui.widgets.checklist import Checklist

# RATING_NAMES' values, for the catalogues (the codes P/S/M/U stay as they are).
N_("Performed without challenges")
N_("Performed with some challenges")
N_("Performed with major challenges")
N_("Unable to be performed")


class Dialog(ModalScreen[Any]):
    """A titled box with Cancel and OK; subclasses build the body and `result()` (None: not yet valid)."""

    CSS_PATH = "instructor.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "ok", N_("OK"), id="dialog.ok"),
    ]
    TITLE_TEXT = ""  # marked with N_, shown through _()
    OK_LABEL = N_("OK")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_(self.TITLE_TEXT) if self.TITLE_TEXT else "", classes="title")
            yield from self.body()
            yield Label("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(f"{_(self.OK_LABEL)} ^s", id="ok", variant="primary", compact=True)

    def body(self) -> ComposeResult:
        yield from ()

    def result(self) -> Any:
        raise NotImplementedError

    def problem(self, text: str) -> None:
        self.query_one(".dialog-error", Label).update(inert(f"⚠ {text}"))

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def action_ok(self) -> None:
        value = self.result()
        if value is not None:
            self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def parse_when(text: str, now: int) -> int | None:
    """'T+02:30' (absolute) or '+30m' / '30m' (from now) -> exercise seconds; None if neither."""
    text = text.strip()
    try:
        return parse_clock(text)
    except ValueError:
        pass
    try:
        return now + parse_duration(text.lstrip("+"))
    except ValueError:
        return None


class JumpDialog(Dialog):
    """Where to move the clock; dismisses with exercise seconds."""

    TITLE_TEXT = N_("Jump the clock forward")
    OK_LABEL = N_("Jump")

    def __init__(self, now: int) -> None:
        super().__init__()
        self.now = now

    def body(self) -> ComposeResult:
        yield Label(_("To T+hh:mm, or by a duration such as +30m or 1h:"))
        yield Input("+30m", id="when", compact=True)

    def result(self) -> int | None:
        to = parse_when(self.query_one("#when", Input).value, self.now)
        if to is None:
            self.problem(_("write T+02:30, or a duration such as +30m"))
        elif to <= self.now:
            self.problem(_("the clock only moves forward"))
        else:
            return to
        return None


class DurationDialog(Dialog):
    """How long to delay an inject; dismisses with seconds."""

    TITLE_TEXT = N_("Delay the inject")
    OK_LABEL = N_("Delay")

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def body(self) -> ComposeResult:
        yield Static(inert(self.what))
        yield Label(_("By (e.g. 15m, 1h):"))
        yield Input("15m", id="by", compact=True)

    def result(self) -> int | None:
        try:
            seconds = parse_duration(self.query_one("#by", Input).value)
        except ValueError:
            self.problem(_("a duration such as 15m, 1h or 1h30m"))
            return None
        return seconds or None


class ReasonDialog(Dialog):
    """Confirm an action that needs a reason (skipping an inject); dismisses with the reason."""

    OK_LABEL = N_("Skip")

    def __init__(self, title: str, what: str, default: str) -> None:
        super().__init__()
        self.TITLE_TEXT = title
        self.what = what
        self.default = default

    def body(self) -> ComposeResult:
        yield Static(inert(self.what))
        yield Label(_("Reason (kept in the log):"))
        yield Input(self.default, id="reason", compact=True)

    def result(self) -> str | None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.problem(_("give a reason"))
            return None
        return reason


@dataclass(frozen=True)
class AdHoc:
    sender: str
    to: tuple[str, ...]
    channel: str
    tlp: str
    subject: str
    body: str


class WriteDialog(Dialog):
    """An ad-hoc message as any party; dismisses with an `AdHoc`."""

    TITLE_TEXT = N_("Write as a party")
    OK_LABEL = N_("Deliver")

    def __init__(self, pack: Pack, teams: tuple[str, ...]) -> None:
        super().__init__()
        self.pack = pack
        self.teams = teams

    def body(self) -> ComposeResult:
        pack = self.pack
        with Horizontal(classes="line"):
            yield Label(_("From"), classes="label")
            yield Select([(inert(f"{p.name} ({p.country})"), p.id) for p in pack.parties], id="sender", compact=True)
        with Horizontal(classes="line"):
            yield Label(_("Channel"), classes="label")
            yield Select([(inert(c.name), c.id) for c in pack.channels], id="channel", compact=True)
        with Horizontal(classes="line"):
            yield Label("TLP", classes="label")
            yield Select([(t, t) for t in TLP_LABELS], id="tlp", value="TLP:AMBER", compact=True)
        yield Label(_("To"), classes="label")
        yield Checklist([(pack.team(t).name, t, True) for t in self.teams], id="to")
        with Horizontal(classes="line"):
            yield Label(_("Subject"), classes="label")
            yield Input(id="subject", compact=True)
        yield Label(_("Message (Markdown)"), classes="label")
        yield TextArea(id="body", soft_wrap=True)

    def result(self) -> AdHoc | None:
        sender = self.query_one("#sender", Select).value
        channel = self.query_one("#channel", Select).value
        tlp = self.query_one("#tlp", Select).value
        to = tuple(self.query_one("#to", Checklist).selected)
        subject = self.query_one("#subject", Input).value.strip()
        body = self.query_one("#body", TextArea).text
        if sender is Select.NULL or channel is Select.NULL or tlp is Select.NULL or not to or not subject:
            self.problem(_("choose the party, the channel, the TLP label and at least one team; write a subject"))
            return None
        return AdHoc(str(sender), to, str(channel), str(tlp), subject, body)


@dataclass(frozen=True)
class MarkChoice:
    points: float
    comment: str


class MarkDialog(Dialog):
    """Mark a free-text answer against the step's rubric; dismisses with a `MarkChoice`."""

    TITLE_TEXT = N_("Mark a free-text answer")
    OK_LABEL = N_("Give mark")

    def __init__(self, title: str, rubric: str, answer: str, max_points: float, current: StepResult) -> None:
        super().__init__()
        self.step_title = title
        self.rubric = rubric
        self.answer = answer
        self.max_points = max_points
        self.current = current

    def body(self) -> ComposeResult:
        yield Static(inert(self.step_title, style="bold"))
        yield Label(_("Rubric"), classes="label")
        yield Static(inert(self.rubric), classes="quote")
        yield Label(_("The team's answer"), classes="label")
        yield TextArea(self.answer, read_only=True, id="answer", soft_wrap=True)
        mark = self.current.mark
        with Horizontal(classes="line"):
            yield Label(_("Points (0–{max})").format(max=f"{self.max_points:g}"), classes="label")
            yield Input("" if mark is None else f"{mark.points:g}", id="points", compact=True,
                        validators=[Number(minimum=0, maximum=self.max_points)])
        with Horizontal(classes="line"):
            yield Label(_("Comment"), classes="label")
            yield Input("" if mark is None else mark.comment, id="comment", compact=True)

    def on_mount(self) -> None:
        self.query_one("#points").focus()

    def result(self) -> MarkChoice | None:
        try:
            points = float(self.query_one("#points", Input).value)
        except ValueError:
            self.problem(_("points: a number from 0 to {max}").format(max=f"{self.max_points:g}"))
            return None
        if not 0 <= points <= self.max_points:
            self.problem(_("points: a number from 0 to {max}").format(max=f"{self.max_points:g}"))
            return None
        return MarkChoice(points, self.query_one("#comment", Input).value.strip())


@dataclass(frozen=True)
class OverrideChoice:
    team: str
    objective: str
    rating: str
    justification: str


class OverrideDialog(Dialog):
    """Override an objective's rating with a justification; dismisses with an `OverrideChoice`."""

    TITLE_TEXT = N_("Override a rating")
    OK_LABEL = N_("Override")

    def __init__(self, pack: Pack, card: Scorecard) -> None:
        super().__init__()
        self.pack = pack
        self.card = card

    def body(self) -> ComposeResult:
        teams = [(inert(self.pack.team(t.team).name), t.team) for t in self.card.teams]
        with Horizontal(classes="line"):
            yield Label(_("Team"), classes="label")
            yield Select(teams, id="team", value=teams[0][1], compact=True, allow_blank=False)
        objectives = [(inert(o.text), o.id) for o in self.pack.objectives]
        with Horizontal(classes="line"):
            yield Label(_("Objective"), classes="label")
            yield Select(objectives, id="objective", value=objectives[0][1], compact=True, allow_blank=False)
        yield Label("", id="computed", classes="dim")
        with Horizontal(classes="line"):
            yield Label(_("Rating"), classes="label")
            yield Select([(f"{k} — {_(v)}", k) for k, v in RATING_NAMES.items()], id="rating", compact=True)
        yield Label(_("Justification"), classes="label")
        yield TextArea(id="justification", soft_wrap=True)

    def on_mount(self) -> None:
        self.show_computed()

    @on(Select.Changed, "#team")
    @on(Select.Changed, "#objective")
    def show_computed(self) -> None:
        team = self.query_one("#team", Select).value
        objective = self.query_one("#objective", Select).value
        for t in self.card.teams:
            for o in t.objectives:
                if t.team == team and o.objective == objective:
                    note = _("Computed: {rating} ({percent} %)").format(rating=o.computed_rating,
                                                                       percent=f"{o.percent:.0f}")
                    if o.override:
                        note += " · " + _("overridden to {rating}").format(rating=o.rating)
                    self.query_one("#computed", Label).update(note)

    def result(self) -> OverrideChoice | None:
        rating = self.query_one("#rating", Select).value
        justification = self.query_one("#justification", TextArea).text.strip()
        if rating is Select.NULL or not justification:
            self.problem(_("choose a rating and write why"))
            return None
        return OverrideChoice(
            str(self.query_one("#team", Select).value), str(self.query_one("#objective", Select).value),
            str(rating), justification,
        )


class ConfirmDialog(Dialog):
    """Yes or no; dismisses True."""

    def __init__(self, title: str, text: str, ok: str) -> None:
        super().__init__()
        self.TITLE_TEXT = title
        self.text = text
        self.OK_LABEL = ok

    def body(self) -> ComposeResult:
        yield Static(inert(self.text))

    def on_mount(self) -> None:
        self.query_one("#ok").focus()

    def result(self) -> bool:
        return True


class NoticeDialog(ModalScreen[None]):
    """A message to read and close (where the report was written)."""

    CSS_PATH = "instructor.tcss"
    BINDINGS = [Binding("escape,enter", "dismiss", N_("Close"), id="notice.close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title")
            yield Static(inert(self.text), id="notice-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", variant="primary", compact=True)

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)
