"""The new-session dialog: seed, time scale, which teams play and the language each reads, where they sit,
the passphrase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import Integer, Number
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select

from cyberdrill.i18n import LANGUAGE_NAMES, N_, _
from cyberdrill.pack.translations import languages_of
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
        self.offered = languages_of(pack)
        # each team's own language (teams[].language), or the pack's source where the pack does not offer it
        self.own = {t.id: t.language if t.language in self.offered else self.offered[0] for t in pack.teams}
        self.language_of: dict[str, Select[str]] = {}  # team -> its language's Select (a team id is no CSS id)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="new-session"):  # scrolls only where the terminal is too short
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
            if len(self.offered) > 1:  # each team's messages in one of the pack's languages
                names = [(LANGUAGE_NAMES.get(lang, lang), lang) for lang in self.offered]
                for n, t in enumerate(self.pack.teams):
                    with Horizontal(classes="lang-row first" if n == 0 else "lang-row"):
                        yield Label(_("Messages written in") if n == 0 else "", classes="label")
                        yield Label(inert(t.name.split(" (")[0]), classes="team")
                        self.language_of[t.id] = Select(names, value=self.own[t.id], id=f"lang-{n}", compact=True,
                                                        allow_blank=False)
                        yield self.language_of[t.id]
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
            error.display = True
            error.scroll_visible()
            return
        hosted = self.query_one("#hosted", RadioButton).value
        passphrase = self.query_one("#passphrase", Input).value
        self.dismiss(NewSession(int(seed_text), scale, teams, hosted, passphrase, self.languages(teams)))

    def languages(self, teams: tuple[str, ...]) -> dict[str, str]:
        """The playing teams whose language was changed from their own: team -> the language chosen."""
        chosen: dict[str, str] = {}
        for team in teams:
            select = self.language_of.get(team)
            if select is not None and isinstance(select.value, str) and select.value != self.own[team]:
                chosen[team] = select.value
        return chosen

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
