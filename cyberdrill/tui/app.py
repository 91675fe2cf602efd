"""The cyberdrill Textual app: one App, a launcher, and a mode per seat (instructor, each team).

The app owns the link to the running session (`live`) and two pieces of reactive state every console
watches: `seq` (the last event folded in) and `now` (the exercise time, refreshed every second). Consoles
send commands through `send`, which writes from a worker thread (the UI never waits for the database);
a worker polls the log for other terminals' events, and the hosting terminal ticks the clock once a
second while it runs.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from time import monotonic, sleep
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.worker import get_current_worker

from cyberdrill.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    _,
    current_language,
    ngettext,
    resolve_language,
    set_language,
)
from cyberdrill.store.errors import StoreBusy, StoreUnavailable
from cyberdrill.textsafe import strip_controls
from cyberdrill.tui.heap import QuietCollector
from cyberdrill.tui.keys import APP_KEYS
from cyberdrill.tui.options import PlayOptions

if TYPE_CHECKING:
    from cyberdrill.engine.commands import Command
    from cyberdrill.engine.events import Event
    from cyberdrill.service import EventLog
    from cyberdrill.tui.live import LiveSession

STORE_DOWN = N_("⚠ database unreachable, retrying")
HOST_OFFLINE = N_("⚠ clock host offline")  # in every header while the host is gone (a toast says more)
SEVERITIES: list[SeverityLevel] = ["information", "warning", "error"]
SUMMARY_FROM = 3  # this many toasts raised together become one summary (two are still read one by one)
TOAST_LINES = 3  # a summary toast names this many and counts the rest
POLL_SECONDS = 0.4  # other terminals' events appear within this (plus a read)
# On a store that announces appends (PostgreSQL LISTEN/NOTIFY) a worker waits for the announcement and
# reads at once; it looks up this often to stop when asked (no query), and a safety read runs this rarely.
LISTEN_SECONDS = 1.0
NOTIFIED_POLL_SECONDS = 5.0
TICK_SECONDS = 1.0


def _instructor_screen() -> Screen[Any]:
    from cyberdrill.tui.instructor.screen import InstructorScreen

    return InstructorScreen()


def _palette() -> Any:
    from cyberdrill.tui.palette import DrillCommands

    return DrillCommands


def run_console(app: App[Any]) -> int:
    """Run a console until it quits; the process's exit status: 0 when it was quit, non-zero when it
    crashed (Textual prints the traceback and exits, and a script or the SSH seat's relay must see the
    failure) or asked to exit with a code."""
    app.run()
    return app.return_code or 0


class Backoff:
    """When a console tries the database again after it could not be reached: FIRST seconds after the
    first failure, doubling up to MOST; at once again after a success. No clock of its own: callers pass
    a monotonic reading."""

    FIRST = 0.4
    MOST = 10.0

    def __init__(self) -> None:
        self.failures = 0
        self.wait = 0.0
        self.next_at = 0.0

    @property
    def down(self) -> bool:
        """Whether the last attempt failed."""
        return self.failures > 0

    def due(self, now: float) -> bool:
        """Whether to try now."""
        return now >= self.next_at

    def failed(self, now: float) -> None:
        self.failures += 1
        self.wait = min(self.wait * 2 if self.wait else self.FIRST, self.MOST)
        self.next_at = now + self.wait

    def succeeded(self) -> None:
        self.failures, self.wait, self.next_at = 0, 0.0, 0.0


class CyberdrillApp(App[None]):
    """The drill console. Starts on the launcher (or, for `join`, on the joining screen)."""

    # The first screen (launcher or join) is not a mode, so its styles load with the app's.
    CSS_PATH = ["app.tcss", "launcher/launcher.tcss"]
    TITLE = "cyberdrill"
    # No MODES: the modes are the seats of the session this terminal sits at, added by `install`. A team
    # seat never has an instructor mode to switch to.
    COMMANDS = App.COMMANDS | {_palette}
    BINDINGS = APP_KEYS.bindings()

    seq: var[int] = var(0)  # the last event of the session folded into `live.view`
    now: var[int] = var(0)  # exercise seconds now
    alert: var[str] = var("")  # what every header shows in place of the clock's state ("" when all is well)

    def __init__(self, options: PlayOptions | None = None) -> None:
        super().__init__()
        self.options = options or PlayOptions()
        self.session: LiveSession | None = None  # the session this terminal is seated at, if any
        self._event_log: EventLog | None = None
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.hosting = False
        self._session_timers: list[Timer] = []
        self._seat_mode_names: list[str] = []  # the modes `install` added: one per seat of this terminal
        self._launcher_mode = False
        self.collector = QuietCollector()
        self._toasts: list[tuple[str, str, SeverityLevel, float | None]] = []  # raised, not yet shown
        self.outage = Backoff()  # the database's state as this terminal last found it
        self.host_seen: datetime | None = None  # set while the clock host is offline: when it was last seen
        self.language = resolve_language(self.options.lang)  # this terminal's default; a console may pick its own
        self.languages: dict[str, str] = {}  # hot-seat: the language each console (mode) chose, by mode
        self._mode_screens: dict[str, Callable[[], Screen[Any]]] = {}
        set_language(self.language)

    @property
    def live(self) -> LiveSession:
        """The session the consoles show (they exist only while one is open; the launcher checks
        `session`)."""
        if self.session is None:
            raise RuntimeError("no session is open in this terminal")
        return self.session

    # ------------------------------------------------------------------------------ start-up

    def get_default_screen(self) -> Screen[Any]:
        if self.options.join_session:
            from cyberdrill.tui.launcher.join import JoinScreen

            return JoinScreen(self.options.join_session, self.options.join_team or "")
        from cyberdrill.tui.launcher.screen import LauncherScreen

        return LauncherScreen()

    def event_log(self) -> EventLog:
        """The session store: the injected log, else the database (opened once, on first use)."""
        if self._event_log is None:
            if self.options.log is not None:
                self._event_log = self.options.log
            else:
                from cyberdrill.service import open_store

                self._event_log = open_store(self.options.db)
        return self._event_log

    def install(self, live: LiveSession) -> None:
        """Seat this terminal at a running session: a mode per seat, polling, and the clock if hosting."""
        from cyberdrill.tui.team.screen import TeamScreen

        self.session = live
        if live.seating.instructor:  # only a seat opened through the passphrase check (launcher/opening.py)
            self._add_seat_mode("instructor", _instructor_screen)
        for team in live.seating.teams:
            self._add_seat_mode(f"team-{team}", partial(TeamScreen, team))
        self.hosting = live.seating.host and self._claim_host()
        self.seq = live.seq
        self.now = live.now()
        notified = live.log.notifies
        self._session_timers = [
            self.set_interval(NOTIFIED_POLL_SECONDS if notified else POLL_SECONDS, self._poll, name="poll"),
            self.set_interval(TICK_SECONDS, self.heartbeat, name="clock"),
        ]
        if notified:
            self._listen()
        self.switch_mode("instructor" if live.seating.instructor else f"team-{live.seating.teams[0]}")
        self.refresh_bindings()
        self.call_after_refresh(self.collector.settle)

    def _claim_host(self) -> bool:
        """Take the session's clock-host seat (exactly one terminal drives the clock)."""
        from cyberdrill.service import claim_clock_host

        taken = claim_clock_host(self.event_log(), self.live.id, self.holder)
        if taken is not None:
            self.notify(_("{refusal} This console will not drive the clock.").format(refusal=taken), severity="warning",
                        timeout=12)
            return False
        return True

    # ------------------------------------------------------------------------------ the session

    async def send(self, kind: type[Command], command_id: str | None = None, **fields: Any) -> list[Event]:
        """Execute a command; every console then re-reads the view; the events it recorded. The store is
        written from a worker thread, so the console stays live however slow the database is (await it
        from a worker or an async handler). Raises CommandRefused (nothing recorded) or StoreUnavailable
        (the database cannot be reached; the seat has been told "database unreachable, retrying" and the
        poll retries with backoff). `command_id` (service.new_command_id; one is made when omitted) is
        kept across a form's resends: a command whose commit landed unacknowledged is not recorded twice."""
        from cyberdrill.service import new_command_id

        live = self.live
        sent = command_id or new_command_id()
        try:
            batch = await asyncio.to_thread(live.submit, kind, sent, **fields)
        except StoreUnavailable:
            self._store_failed()
            raise
        self._store_ok()
        if self.session is not live:  # the terminal left the session meanwhile
            return []
        new = live.absorb(batch)
        self._changed()
        return new

    def _store_failed(self) -> None:
        """The database could not be reached: say so once, retry the poll later and later."""
        first = not self.outage.down
        self.outage.failed(monotonic())
        if first:
            self._show_alert()
            self.notify(_("The database cannot be reached. Nothing you sent was lost: what did not go through "
                          "was not recorded. Retrying…"), title=_("Database unreachable"), severity="error",
                        timeout=12)

    def _store_ok(self) -> None:
        if self.outage.down:
            self.outage.succeeded()
            self._show_alert()
            self.notify(_("The database is reachable again."), title=_("Database"))

    def _show_alert(self) -> None:
        self.alert = _(STORE_DOWN) if self.outage.down else _(HOST_OFFLINE) if self.host_seen is not None else ""

    def _changed(self) -> None:
        assert self.session is not None
        self.now = self.session.now()
        self.seq = self.session.seq

    def _poll(self) -> None:
        if self.outage.due(monotonic()) and not self._busy("poll"):
            self._fetch()

    def _busy(self, group: str) -> bool:
        """Whether a worker of `group` still runs (a slow store): the timer then skips a beat instead of
        queueing threads behind it."""
        return any(worker.group == group and not worker.is_finished for worker in self.workers)

    @work(thread=True, group="poll", exit_on_error=False)
    def _fetch(self) -> None:
        live = self.session
        if live is None:
            return
        try:
            batch = live.fetch()
        except (StoreUnavailable, StoreBusy):
            self.call_from_thread(self._store_failed)
            return
        self.call_from_thread(self._store_ok)
        if batch:
            self.call_from_thread(self._absorb, batch)

    @work(thread=True, group="listen", exit_on_error=False)
    def _listen(self) -> None:
        """On a store that announces appends: wait for an announcement, then read what it announced
        (the same read as the poll's), until the session is left."""
        worker = get_current_worker()
        live = self.session
        while live is not None and self.session is live and not worker.is_cancelled:
            if not self.outage.due(monotonic()):
                sleep(0.1)
                continue
            try:
                if not live.log.wait_for_events(live.id, live.seq, LISTEN_SECONDS):
                    continue
                batch = live.fetch()
            except (StoreUnavailable, StoreBusy):
                self.call_from_thread(self._store_failed)
                continue
            self.call_from_thread(self._store_ok)
            if batch:
                self.call_from_thread(self._absorb, batch)

    def _absorb(self, batch: list[tuple[int, Event]]) -> None:
        if self.session is not None and self.session.absorb(batch):
            self._changed()

    def heartbeat(self) -> None:
        """Once a second: refresh the clock shown and, on the hosting terminal, tick the session."""
        self.collector.tick()
        if self.session is None:
            return
        self.heartbeat_now()
        if self.outage.down:
            return  # the poll finds out when the database is back
        if self.hosting:
            if not self._busy("clock"):
                self._tick()
        elif not self._busy("host"):
            self._watch_host()

    @work(thread=True, group="host", exit_on_error=False)
    def _watch_host(self) -> None:
        """On a seat that does not drive the clock: is the session's clock host still there?"""
        from cyberdrill.service import clock_host_online, clock_host_seen

        live = self.session
        if live is None:
            return
        try:
            seen = clock_host_seen(self.event_log(), live.id)
        except (StoreUnavailable, StoreBusy):
            self.call_from_thread(self._store_failed)
            return
        online = clock_host_online(seen, live.clock().timestamp())
        self.call_from_thread(self._host_is, None if online else datetime.fromtimestamp(seen, UTC))

    def _host_is(self, offline_since: datetime | None) -> None:
        if (offline_since is None) == (self.host_seen is None):
            return
        self.host_seen = offline_since
        self._show_alert()
        if offline_since is None:
            self.notify(_("The clock host is back: the clock runs again."), title=_("Clock"))
        else:
            self.notify(_("The console that drives the clock (the instructor's, or cyberdrill host) is gone: "
                          "the clock stands still and nothing is delivered until it is back."),
                        title=_("Clock host offline"), severity="warning", timeout=12)
        self.heartbeat_now()

    def heartbeat_now(self) -> None:
        """Refresh the exercise time shown. While the clock host is offline the clock stands where the
        host left it: nothing fires until one is back."""
        if self.session is not None:
            if self.host_seen is None:
                self.now = self.session.now()
            else:
                self.now = max(self.session.view.t, self.session.now_at(self.host_seen))

    @work(thread=True, group="clock", exit_on_error=False)
    def _tick(self) -> None:
        live = self.session
        if live is None:
            return
        from cyberdrill.engine.commands import Tick
        from cyberdrill.service import beat_clock_host

        try:
            if live.tick_due():
                live.execute(Tick)
                self.call_from_thread(self._absorb, live.fetch(refresh_drill=False))
            beat_clock_host(self.event_log(), live.id, self.holder)
        except (StoreUnavailable, StoreBusy):
            self.call_from_thread(self._store_failed)

    def on_unmount(self) -> None:
        self._release_host()
        self.collector.release()

    def _release_host(self) -> None:
        """Give up the clock-host seat, so another terminal can drive the clock at once."""
        if self.hosting and self.session is not None:
            from cyberdrill.service import release_clock_host

            release_clock_host(self.event_log(), self.session.id, self.holder)
        self.hosting = False

    def leave_session(self) -> None:
        """Back to the launcher: stop polling and ticking, release the host seat, close the session's
        consoles. The session stays stored; the launcher lists it to resume."""
        if self.session is None:
            return
        for timer in self._session_timers:
            timer.stop()
        self._session_timers = []
        for group in ("poll", "clock", "host", "listen"):
            self.workers.cancel_group(self, group)
        self.host_seen = None
        self.outage.succeeded()
        self.alert = ""
        self._release_host()
        self.collector.release()
        self.session = None
        if not self._launcher_mode:  # the first screen (launcher or join) is not a mode
            from cyberdrill.tui.launcher.screen import LauncherScreen

            self.add_mode("launcher", LauncherScreen)
            self._launcher_mode = True
        self.switch_mode("launcher")
        for mode in self._seat_mode_names:
            self.remove_mode(mode)
        self._seat_mode_names = []
        self.refresh_bindings()

    def _add_seat_mode(self, mode: str, screen: Callable[[], Screen[Any]]) -> None:
        self.add_mode(mode, screen)
        self._mode_screens[mode] = screen
        self._seat_mode_names.append(mode)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show another console, in the language that console last chose (hot-seat: each remembers its own)."""
        set_language(self.languages.get(mode, self.language))
        return super().switch_mode(mode)

    def action_language(self) -> None:
        """F4: the next language (en → ru → th) for the console on screen; it remembers it."""
        self.choose_language(LANGUAGES[(LANGUAGES.index(current_language()) + 1) % len(LANGUAGES)])

    def choose_language(self, lang: str) -> None:
        """Show the console on screen in `lang` from now on (a fresh copy of its screen, in `lang`)."""
        set_language(lang)
        self.languages[self.current_mode] = lang
        if len(self.screen_stack) == 1:  # no dialog open over the console: redraw it in the new language
            from cyberdrill.tui.launcher.screen import LauncherScreen

            factory = self._mode_screens.get(self.current_mode)
            if factory is None and isinstance(self.screen, LauncherScreen):
                factory = LauncherScreen
            if factory is not None:
                # A mode's first screen was never pushed, so it has no result callback for switch_screen to
                # pop: give it the empty one switch_screen gives the screen it puts in (test_console_language).
                self.screen._push_result_callback(self.screen, None)
                self.switch_screen(factory())
        self.refresh_bindings()  # the footer redraws its keys when their language changed
        self.notify(_("Language: {name}").format(name=LANGUAGE_NAMES[lang]), timeout=3)

    async def action_switch_mode(self, mode: str) -> None:
        """Switch console, to a seat this terminal holds only (an action string in a message a trainee
        wrote, had one ever been run, could name any mode)."""
        if mode in self._seat_mode_names or (mode == "launcher" and self._launcher_mode):
            self.switch_mode(mode)

    # ------------------------------------------------------------------------------ toasts

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information",
        timeout: float | None = None, markup: bool = True,
    ) -> None:
        """A toast. Never markup, whatever the caller asks (toasts carry subjects trainees typed: a
        `[@click=...]` in one must not run an action). Toasts raised together (a console shown again
        after a while in hot-seat announces each message it missed), three or more, are shown as one summary."""
        self._toasts.append((strip_controls(message), strip_controls(title), severity, timeout))
        if len(self._toasts) == 1:
            self.call_later(self._show_toasts)

    def _show_toasts(self) -> None:
        toasts, self._toasts = self._toasts, []
        if not toasts:
            return
        if len(toasts) < SUMMARY_FROM:
            for message, title, severity, timeout in toasts:
                super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
            return
        worst = max((t[2] for t in toasts), key=SEVERITIES.index)
        lines = [f"{title}: {message}" if title else message for message, title, _, _ in toasts]
        shown = [line if len(line) <= 70 else line[:69] + "…" for line in lines[:TOAST_LINES]]
        if len(lines) > TOAST_LINES:
            shown.append(_("… and {count} more").format(count=len(lines) - TOAST_LINES))
        super().notify("\n".join(shown),
            title=ngettext("{n} notification", "{n} notifications", len(toasts)).format(n=len(toasts)),
                       severity=worst,
                       timeout=max((t[3] or 0 for t in toasts), default=0) or None, markup=False)

    # ------------------------------------------------------------------------------ app actions

    def action_help(self) -> None:
        """F1: the help of the screen the user is on (the topmost one with a key table)."""
        from cyberdrill.tui.help import HelpScreen, help_tables

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_tables(self.screen_stack)))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.collector.touched()  # someone is at the keyboard: no full garbage collection now
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Switching console and leaving a session mean nothing on the launcher: their keys are hidden."""
        if action in ("seats", "leave"):
            return self.session is not None
        return True

    def action_leave(self) -> None:
        """ctrl+l: confirm, then go back to the launcher."""
        if self.session is None:
            return
        from cyberdrill.tui.instructor.dialogs import ConfirmDialog

        text = _("The session stays saved: resume it from the launcher's list of sessions.")
        if self.hosting:
            text += " " + _("While no console hosts it, its clock does not move and no inject is delivered.")

        def chosen(ok: bool | None) -> None:
            if ok:
                self.leave_session()

        self.push_screen(ConfirmDialog(_("Back to the launcher?"), text, _("Leave")), chosen)

    def action_seats(self) -> None:
        if self.session is None:
            self.notify(_("Start or resume a session first."), severity="warning")
            return
        from cyberdrill.tui.seats import SeatSwitcher

        def chosen(mode: str | None) -> None:
            if mode:
                self.switch_mode(mode)

        self.push_screen(SeatSwitcher(self.seat_modes()), chosen)

    def seat_modes(self) -> list[tuple[str, str]]:
        """(mode, label) of every console this terminal may show."""
        from cyberdrill.tui.view import team_label

        assert self.session is not None
        seats = [("instructor", _("Instructor console"))] if self.session.seating.instructor else []
        seats += [(f"team-{t}", _("{team} console").format(team=team_label(self.session.pack, t)))
                  for t in self.session.seating.teams]
        return seats

    def action_glossary(self) -> None:
        """F5: the glossary of cooperation terms (the bundled one, extended by the session's pack)."""
        from cyberdrill.tui.glossary import GlossaryScreen

        if isinstance(self.screen, GlossaryScreen):
            self.screen.dismiss(None)
            return
        root = self.session.loaded.root if self.session is not None else None
        self.push_screen(GlossaryScreen(root))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
