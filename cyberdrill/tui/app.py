"""The cyberdrill Textual app: one App, a launcher, and a mode per seat (instructor, each team).

The app owns the link to the running session (`live`) and two pieces of reactive state every console
watches: `seq` (the last event folded in) and `now` (the exercise time, refreshed every second). Consoles
send commands through `send`; a worker polls the log for other terminals' events, and the hosting
terminal ticks the clock once a second while it runs.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer

from cyberdrill.tui.heap import QuietCollector
from cyberdrill.tui.keys import APP_KEYS
from cyberdrill.tui.options import PlayOptions

if TYPE_CHECKING:
    from cyberdrill.engine.commands import Command
    from cyberdrill.engine.events import Event
    from cyberdrill.store.base import EventLog
    from cyberdrill.tui.live import LiveSession

HOST_OFFLINE = "⚠ clock host offline"  # in every header while the host is gone (a toast says more)
POLL_SECONDS = 0.4  # other terminals' events appear within this (plus a read)
TICK_SECONDS = 1.0


def _instructor_screen() -> Screen[Any]:
    from cyberdrill.tui.instructor.screen import InstructorScreen

    return InstructorScreen()


def _palette() -> Any:
    from cyberdrill.tui.palette import DrillCommands

    return DrillCommands


class CyberdrillApp(App[None]):
    """The drill console. Starts on the launcher (or, for `join`, on the joining screen)."""

    # The first screen (launcher or join) is not a mode, so its styles load with the app's.
    CSS_PATH = ["app.tcss", "launcher/launcher.tcss"]
    TITLE = "cyberdrill"
    MODES: ClassVar[dict[str, Any]] = {"instructor": _instructor_screen}
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
        self.collector = QuietCollector()
        self.host_seen: datetime | None = None  # set while the clock host is offline: when it was last seen

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
        for team in live.seating.teams:
            self.add_mode(f"team-{team}", partial(TeamScreen, team))
        self.hosting = live.seating.host and self._claim_host()
        self.seq = live.seq
        self.now = live.now()
        self._session_timers = [
            self.set_interval(POLL_SECONDS, self._poll, name="poll"),
            self.set_interval(TICK_SECONDS, self.heartbeat, name="clock"),
        ]
        self.switch_mode("instructor" if live.seating.instructor else f"team-{live.seating.teams[0]}")
        self.refresh_bindings()
        self.call_after_refresh(self.collector.settle)

    def _claim_host(self) -> bool:
        """Take the session's clock-host seat (exactly one terminal drives the clock)."""
        from cyberdrill.service import claim_clock_host

        taken = claim_clock_host(self.event_log(), self.live.id, self.holder)
        if taken is not None:
            self.notify(f"{taken} This console will not drive the clock.", severity="warning", timeout=12)
            return False
        return True

    # ------------------------------------------------------------------------------ the session

    def send(self, kind: type[Command], **fields: Any) -> list[Event]:
        """Execute a command now (raises CommandRefused); every console then re-reads the view."""
        assert self.session is not None
        new = self.session.send(kind, **fields)
        self._changed()
        return new

    def _changed(self) -> None:
        assert self.session is not None
        self.now = self.session.now()
        self.seq = self.session.seq

    def _poll(self) -> None:
        self._fetch()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _fetch(self) -> None:
        live = self.session
        if live is None:
            return
        batch = live.fetch()
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
        if self.hosting:
            self._tick()
        else:
            self._watch_host()

    @work(thread=True, exclusive=True, group="host", exit_on_error=False)
    def _watch_host(self) -> None:
        """On a seat that does not drive the clock: is the session's clock host still there?"""
        from cyberdrill.service import clock_host_online, clock_host_seen

        live = self.session
        if live is None:
            return
        seen = clock_host_seen(self.event_log(), live.id)
        online = clock_host_online(seen, live.clock().timestamp())
        self.call_from_thread(self._host_is, None if online else datetime.fromtimestamp(seen or 0.0, UTC))

    def _host_is(self, offline_since: datetime | None) -> None:
        if (offline_since is None) == (self.host_seen is None):
            return
        self.host_seen = offline_since
        self.alert = "" if offline_since is None else HOST_OFFLINE
        if offline_since is None:
            self.notify("The clock host is back: the clock runs again.", title="Clock")
        else:
            self.notify("The console that drives the clock (the instructor's, or cyberdrill host) is gone: "
                        "the clock stands still and nothing is delivered until it is back.",
                        title="Clock host offline", severity="warning", timeout=12)
        self.heartbeat_now()

    def heartbeat_now(self) -> None:
        """Refresh the exercise time shown. While the clock host is offline the clock stands where the
        host left it: nothing fires until one is back."""
        if self.session is not None:
            if self.host_seen is None:
                self.now = self.session.now()
            else:
                self.now = max(self.session.view.t, self.session.now_at(self.host_seen))

    @work(thread=True, exclusive=True, group="clock", exit_on_error=False)
    def _tick(self) -> None:
        live = self.session
        if live is None:
            return
        from cyberdrill.engine.commands import Tick

        if live.tick_due():
            live.execute(Tick)
            self.call_from_thread(self._absorb, live.fetch(refresh_drill=False))
        from cyberdrill.service import beat_clock_host

        beat_clock_host(self.event_log(), live.id, self.holder)

    def on_unmount(self) -> None:
        self._release_host()

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
        for group in ("poll", "clock", "host"):
            self.workers.cancel_group(self, group)
        self.host_seen = None
        self.alert = ""
        self._release_host()
        self.collector.release()
        self.session = None
        if "launcher" not in self._modes:  # the first screen (launcher or join) is not a mode
            from cyberdrill.tui.launcher.screen import LauncherScreen

            self.add_mode("launcher", LauncherScreen)
        self.switch_mode("launcher")
        for mode in [m for m in self._modes if m != "launcher"]:
            self.remove_mode(mode)
        self.add_mode("instructor", _instructor_screen)
        self.refresh_bindings()

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

        text = "The session stays saved: resume it from the launcher's list of sessions."
        if self.hosting:
            text += " While no console hosts it, its clock does not move and no inject is delivered."

        def chosen(ok: bool | None) -> None:
            if ok:
                self.leave_session()

        self.push_screen(ConfirmDialog("Back to the launcher?", text, "Leave"), chosen)

    def action_seats(self) -> None:
        if self.session is None:
            self.notify("Start or resume a session first.", severity="warning")
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
        seats = [("instructor", "Instructor console")] if self.session.seating.instructor else []
        seats += [(f"team-{t}", f"{team_label(self.session.pack, t)} console") for t in self.session.seating.teams]
        return seats

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
