"""The new-session dialog: seed, time scale, which teams play, where they sit, the passphrase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Integer, Number
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from cyberdrill.i18n import N_, _
from cyberdrill.tui.inert import inert
from cyberdrill.tui.launcher.opening import NewSession
from cyberdrill.tui.widgets.checklist import Checklist

if TYPE_CHECKING:
    from cyberdrill.pack.model import Pack


class NewSessionDialog(ModalScreen[NewSession | None]):
    """Dismisses with a `NewSession`, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="new.cancel"),
        Binding("ctrl+s", "start", N_("Start"), id="new.start"),
    ]

    def __init__(self, pack: Pack, seed: int) -> None:
        super().__init__()
        self.pack = pack
        self.seed = seed

    def compose(self) -> ComposeResult:
        with Vertical(id="new-session"):
            yield Label(inert(_("New session · {pack}").format(pack=self.pack.title)), classes="title")
            with Horizontal(classes="row"):
                yield Label(_("Seed"), classes="label")
                yield Input(str(self.seed), id="seed", validators=[Integer(minimum=0)], compact=True)
                yield Label(_("Time scale ×"), classes="label short")
                yield Input(f"{self.pack.time_scale:g}", id="scale", validators=[Number(minimum=0.1, maximum=600)],
                            compact=True)
            yield Label(_("Teams playing"), classes="label")
            teams = [(t.name if "(" in t.name else f"{t.name} ({t.country})", t.id, True) for t in self.pack.teams]
            yield Checklist(teams, id="teams")
            yield Label(_("Where the teams sit"), classes="label")
            with RadioSet(id="seating"):
                yield RadioButton(_("Hot-seat: every console in this terminal (F2 switches)"), value=True,
                                  id="hot-seat")
                yield RadioButton(_("Hosted: teams join from other terminals (cyberdrill join)"), id="hosted")
            with Horizontal(classes="row"):
                yield Label(_("Instructor passphrase"), classes="label")
                yield Input(id="passphrase", password=True, placeholder=_("optional; asked when resuming"),
                            compact=True)
            yield Label("", id="new-error")
            with Horizontal(id="new-buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Start ^s"), id="start", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#start").focus()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        error = self.query_one("#new-error", Label)
        seed_text = self.query_one("#seed", Input).value.strip()
        scale_text = self.query_one("#scale", Input).value.strip()
        teams = tuple(self.query_one("#teams", Checklist).selected)
        problems = []
        if not seed_text.isdigit():
            problems.append(_("the seed is a whole number"))
        try:
            scale = float(scale_text)
            if not 0 < scale <= 600:
                raise ValueError
        except ValueError:
            problems.append(_("the time scale is a number from 0.1 to 600"))
            scale = 0.0
        if not teams:
            problems.append(_("choose at least one team"))
        if problems:
            error.update("⚠ " + "; ".join(problems))
            return
        hosted = self.query_one("#hosted", RadioButton).value
        passphrase = self.query_one("#passphrase", Input).value
        self.dismiss(NewSession(int(seed_text), scale, teams, hosted, passphrase))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
