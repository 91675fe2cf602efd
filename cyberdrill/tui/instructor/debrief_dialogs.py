"""The debrief's dialogs: an observation, and a row of the improvement plan. A dialog hands what was typed
to `submit`, which sends the command; when the engine refuses, the dialog stays open with what was typed
and the engine's reason under it. Esc on a changed form asks before discarding what was typed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, TextArea

from cyberdrill.i18n import _
from cyberdrill.pack.model import Pack
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.dialogs import ConfirmDialog, Dialog

# HSEEP's capability elements (POETE): where a corrective action lands.
CAPABILITY_ELEMENTS = ("Planning", "Organization", "Equipment", "Training", "Exercises")
GENERAL = "__general__"  # the team Select's value for "the whole exercise"


@dataclass(frozen=True)
class PlanDraft:
    """What the plan-row form holds (the fields of a SetPlanItem but `item` and `source`)."""

    team: str | None
    issue: str
    action: str
    capability: str = ""
    owner: str = ""
    start: str | None = None
    completion: str | None = None


class SubmittingDialog(Dialog):
    """A dialog whose OK sends at once: `submit(value)` returns None when recorded, else the refusal."""

    DEFAULT_CSS = """
    SubmittingDialog .dialog TextArea.short { height: 4; }
    SubmittingDialog .heading { color: $text-muted; margin-top: 1; }
    SubmittingDialog .dialog-scroll { height: auto; max-height: 70vh; }
    """

    def __init__(self, submit: Callable[[object], Awaitable[str | None]]) -> None:
        super().__init__()
        self.submit = submit
        self._sending = False  # a second OK while the store answers the first is ignored
        self._initial: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        self._initial = self.typed()

    def typed(self) -> tuple[object, ...]:
        """What the form shows now (to tell whether anything was typed)."""
        raise NotImplementedError

    def action_ok(self) -> None:
        value = self.result()
        if value is None or self._sending:
            return
        self._sending = True
        self.run_worker(self._send(value), group="send")

    async def _send(self, value: object) -> None:
        try:
            problem = await self.submit(value)
        finally:
            self._sending = False
        if problem:
            self.problem(problem)
        else:
            self.dismiss(value)

    def action_cancel(self) -> None:
        if self.typed() == self._initial:
            self.dismiss(None)
            return

        def chosen(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(_("Discard what you typed?"),
                                           _("What you typed in this form will be lost."), _("Discard")), chosen)


def _teams(pack: Pack, teams: tuple[str, ...]) -> list[tuple[Text | str, str]]:
    return [(inert(pack.team(t).name), t) for t in teams] + [(_("The whole exercise"), GENERAL)]


class ObservationDialog(SubmittingDialog):
    """An instructor's observation about one team or the whole exercise; dismisses with its text."""

    TITLE_TEXT = "Add an observation"
    OK_LABEL = "Add"

    def __init__(self, pack: Pack, teams: tuple[str, ...], team: str | None,
                 submit: Callable[[object], Awaitable[str | None]]) -> None:
        super().__init__(submit)
        self.pack, self.teams, self.team = pack, teams, team

    def body(self) -> ComposeResult:
        with Horizontal(classes="line"):
            yield Label(_("About"), classes="label")
            yield Select(_teams(self.pack, self.teams), id="obs-team", value=self.team or GENERAL, compact=True,
                         allow_blank=False)
        yield Label(_("Observation"), classes="heading")
        yield TextArea(id="obs-text", soft_wrap=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#obs-text").focus()

    def typed(self) -> tuple[object, ...]:
        return (self.query_one("#obs-team", Select).value, self.query_one("#obs-text", TextArea).text)

    def result(self) -> tuple[str | None, str] | None:
        team, text = self.typed()
        if not str(text).strip():
            self.problem(_("write the observation"))
            return None
        return (None if team == GENERAL else str(team), str(text))


class PlanItemDialog(SubmittingDialog):
    """A row of the improvement plan, new (prefilled from a deduction or an answer) or edited."""

    OK_LABEL = "Save"

    def __init__(self, pack: Pack, teams: tuple[str, ...], draft: PlanDraft, title: str,
                 submit: Callable[[object], Awaitable[str | None]]) -> None:
        super().__init__(submit)
        self.pack, self.teams, self.draft = pack, teams, draft
        self.TITLE_TEXT = title

    def body(self) -> ComposeResult:
        d = self.draft
        with VerticalScroll(classes="dialog-scroll"):
            with Horizontal(classes="line"):
                yield Label(_("Team"), classes="label")
                yield Select(_teams(self.pack, self.teams), id="plan-team", value=d.team or GENERAL, compact=True,
                             allow_blank=False)
            yield Label(_("Issue (what the drill showed)"), classes="heading")
            yield TextArea(d.issue, id="plan-issue", soft_wrap=True, classes="short")
            yield Label(_("Corrective action"), classes="heading")
            yield TextArea(d.action, id="plan-action", soft_wrap=True, classes="short")
            with Horizontal(classes="line"):
                yield Label(_("Capability element"), classes="label")
                options = [(c, c) for c in CAPABILITY_ELEMENTS]
                if d.capability and d.capability not in CAPABILITY_ELEMENTS:
                    options.append((d.capability, d.capability))
                yield Select(options, id="plan-capability", value=d.capability or Select.NULL, compact=True,
                             prompt=_("not chosen"))
            with Horizontal(classes="line"):
                yield Label(_("Owner organisation"), classes="label")
                yield Input(d.owner, id="plan-owner", compact=True)
            with Horizontal(classes="line"):
                yield Label(_("Start date"), classes="label")
                yield Input(d.start or "", id="plan-start", compact=True, placeholder=_("YYYY-MM-DD"))
            with Horizontal(classes="line"):
                yield Label(_("Completion date"), classes="label")
                yield Input(d.completion or "", id="plan-completion", compact=True, placeholder=_("YYYY-MM-DD"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#plan-owner").focus()

    def typed(self) -> tuple[object, ...]:
        return (self.query_one("#plan-team", Select).value, self.query_one("#plan-issue", TextArea).text,
                self.query_one("#plan-action", TextArea).text, self.query_one("#plan-capability", Select).value,
                *(self.query_one(f"#plan-{name}", Input).value for name in ("owner", "start", "completion")))

    def result(self) -> PlanDraft | None:
        team, issue, action, capability, owner, start, completion = self.typed()
        if not str(issue).strip() or not str(action).strip():
            self.problem(_("write the issue and the corrective action"))
            return None
        return PlanDraft(team=None if team == GENERAL else str(team), issue=str(issue), action=str(action),
                         capability="" if capability is Select.NULL else str(capability), owner=str(owner),
                         start=str(start).strip() or None, completion=str(completion).strip() or None)


def draft_fields(draft: PlanDraft) -> dict[str, object]:
    """The draft as SetPlanItem keywords."""
    return {f.name: getattr(draft, f.name) for f in fields(draft)}
