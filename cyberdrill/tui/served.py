"""A seat served by `cyberdrill serve`: one team's console, or the instructor's, and nothing else.

The served app is the drill console with the doors to other seats shut: no launcher (ctrl+l), no seat
switcher (F2), no instructor console from a team seat, no screenshots written on the server, no
suspending the process. A web seat first asks for team and access code (or "instructor" and the
passphrase) on its own login screen, so no code ever travels in a URL; an SSH seat was let in by the
SSH server and opens at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, LoadingIndicator

from cyberdrill.i18n import _
from cyberdrill.serve.access import INSTRUCTOR_LOGIN as INSTRUCTOR
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader

MAX_TRIES = 5  # wrong codes before a web seat closes (the visitor may reload; each try costs ~50 ms of scrypt)
_SHUT = ("leave", "seats", "suspend_process", "screenshot")


class ServedSeatApp(CyberdrillApp):
    """The app behind one served seat (see the module docstring). `seat` is a team id, INSTRUCTOR, or
    None for a web seat that logs in first."""

    def __init__(self, options: PlayOptions, seat: str | None) -> None:
        super().__init__(options)
        self.seat = seat

    def get_default_screen(self) -> Screen[Any]:
        session = self.options.join_session or ""
        return SeatScreen(session, self.seat)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _SHUT:
            return False
        return super().check_action(action, parameters)

    def action_leave(self) -> None:
        self.notify(_("This seat serves one console: ctrl+q quits."), severity="warning")

    def action_seats(self) -> None:
        self.action_leave()

    def action_suspend_process(self) -> None:
        return

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's own entries without those that reach past this seat (screenshots on the server)."""
        for command in super().get_system_commands(screen):
            if "screenshot" not in command.title.lower():
                yield command


class SeatScreen(Screen[None]):
    """A served seat's first screen. A web seat (no `seat` yet) asks for team id and access code, or
    `instructor` and the passphrase; then, or at once for an SSH seat, it opens the seat's console and
    says plainly why when it cannot."""

    DEFAULT_CSS = """
    SeatScreen #login { width: 64; height: auto; border: thick $primary; padding: 0 1; }
    SeatScreen #login Input { margin: 0 0 1 0; }
    SeatScreen #login-problem { color: $error; text-style: bold; }
    SeatScreen #seat-problem { width: 90%; color: $error; text-style: bold; }
    SeatScreen Label { width: auto; }
    """

    app: ServedSeatApp

    def __init__(self, session: str, seat: str | None) -> None:
        super().__init__()
        self.session = session
        self.seat = seat
        self.tries = 0

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        with Middle():
            with Center(), Vertical(id="login"):
                yield Label(_("Sit at your team's seat"))
                yield Label(_("Team id (as on the instructor's sheet):"))
                yield Input(id="login-team", placeholder=_("e.g. th-cert"))
                yield Label(_("Access code:"))
                yield Input(id="login-code", password=True, placeholder="XXXX-XXXX-XXXX-XXXX")
                yield Label("", id="login-problem")
            with Center():
                yield Label("", id="seat-status")
            with Center():
                yield LoadingIndicator()
            with Center():
                yield Label("", id="seat-problem")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.query_one(DrillHeader).title = "cyberdrill · seat"
        if self.seat:
            self._opening(self.seat)
        else:
            self.query_one(LoadingIndicator).display = False
            self.query_one("#login-team", Input).focus()

    @on(Input.Submitted, "#login-team")
    def next_field(self) -> None:
        self.query_one("#login-code", Input).focus()

    @on(Input.Submitted, "#login-code")
    def submit(self) -> None:
        team = self.query_one("#login-team", Input).value.strip()
        code = self.query_one("#login-code", Input).value
        self.query_one("#login-code", Input).value = ""
        self.check(team, code)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def check(self, team: str, code: str) -> None:
        from cyberdrill.serve.access import check_login

        try:
            ok = check_login(self.app.event_log(), self.session, team, code)
        except Exception:  # the database is away: say so, let them try again
            self.app.call_from_thread(self._refused, _("The drill's database cannot be reached; try again."))
            return
        if ok:
            self.app.call_from_thread(self._opening, team)
        else:
            self.app.call_from_thread(self._refused, _("That team id and code do not open a seat."))

    def _refused(self, problem: str) -> None:
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self.app.exit(message=_("too many wrong codes"))
            return
        self.query_one("#login-problem", Label).update(f"⚠ {problem}")
        self.query_one("#login-code", Input).focus()

    def _opening(self, seat: str) -> None:
        self.seat = self.app.seat = seat
        self.query_one("#login").display = False
        self.query_one(LoadingIndicator).display = True
        self.query_one("#seat-status", Label).update(_("Opening the {seat} seat…").format(seat=seat))
        self.open(seat)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def open(self, seat: str) -> None:
        from cyberdrill.service import DrillService, load_session_pack
        from cyberdrill.tui.live import LiveSession, Seating

        try:
            log = self.app.event_log()
            info = log.session(self.session)
            search = [self.app.options.packs_dir] if self.app.options.packs_dir else []
            loaded = load_session_pack(info, search)
            drill = DrillService(log, loaded).open(info.id)
            if seat == INSTRUCTOR:
                seating = Seating(instructor=True, teams=(), host=False)  # `serve` drives the clock
            else:
                seating = Seating(instructor=False, teams=(seat,), host=False)
            live = LiveSession(drill, log, info.id, loaded, self.app.options.clock, seating)
        except Exception as exc:  # shown on screen: the trainee can read it and quit
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.app.install, live)

    def _failed(self, problem: str) -> None:
        self.query_one(LoadingIndicator).display = False
        self.query_one("#seat-status", Label).update(_("Could not open the seat."))
        shown = "⚠ {problem}\n\n{quits}".format(problem=problem, quits=_("ctrl+q quits."))
        self.query_one("#seat-problem", Label).update(shown)


def served_app(session: str, seat: str | None, db: str | None, packs: Path | None) -> ServedSeatApp:
    """The app of one served seat of `session` (see ServedSeatApp)."""
    return ServedSeatApp(PlayOptions(db=db, join_session=session, packs_dir=packs, bundled=True), seat)
