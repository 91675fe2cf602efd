"""`serve` drives the session's clock as its host seat, with the same loop as `cyberdrill host`.

A thread runs commands/host_cmd.drive (the one headless clock loop) on a log of its own. When another
host already sits in the session's host seat (an instructor console, or `cyberdrill host`), serve waits
and takes the seat once that holder leaves or goes silent (HOST_STALE_AFTER).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from cyberdrill.store.seats import HOST_STALE_AFTER, SeatTaken


class _Stopped(Exception):
    """serve is stopping: leave the clock loop."""


class ClockHost(threading.Thread):
    """Drives the clock of `session` until `stop()` or the session ends (`ended` is then set)."""

    def __init__(self, db: str | None, session: str, packs: Path | None, say: Callable[[str], None] = print) -> None:
        super().__init__(name="cyberdrill-serve-clock", daemon=True)
        self.db = db
        self.session = session
        self.packs = packs
        self.say = say
        self.holder = f"cyberdrill serve (pid {os.getpid()} on {socket.gethostname()})"
        self.hosting = threading.Event()
        self.ended = threading.Event()
        self.problem: str | None = None
        self._stop_asked = threading.Event()

    def stop(self) -> None:
        """Leave the clock loop at its next second and release the host seat."""
        self._stop_asked.set()

    def _sleep(self, seconds: float) -> None:
        if self._stop_asked.wait(seconds):
            raise _Stopped

    def run(self) -> None:
        from cyberdrill.commands.host_cmd import drive
        from cyberdrill.service import DrillService, claim_clock_host, load_session_pack, release_clock_host
        from cyberdrill.store import open_log

        try:
            log = open_log(self.db)
            info = log.session(self.session)
            drill = DrillService(log, load_session_pack(info, [self.packs] if self.packs else [])).open(info.id)
        except Exception as error:  # serve says why and the seats stay up; nobody drives the clock
            self.problem = f"cannot drive the clock: {error}"
            self.say(f"cyberdrill serve: {self.problem}")
            return
        waiting_said = False
        try:
            while not self._stop_asked.is_set() and not drill.state.ended:
                taken = claim_clock_host(log, info.id, self.holder)
                if taken is not None:
                    if not waiting_said:
                        self.say(f"clock: {taken}; serve drives it once that console leaves")
                        waiting_said = True
                    self._sleep(HOST_STALE_AFTER / 2)
                    continue
                waiting_said = False
                self.hosting.set()
                self.say("clock: serve drives the session's clock (host seat)")
                try:
                    drive(drill, log, self.holder, sleep=self._sleep)
                except SeatTaken as error:
                    self.hosting.clear()
                    self.say(f"clock: {error}")
            if drill.state.ended:
                self.ended.set()
        except _Stopped:
            pass
        finally:
            if self.hosting.is_set():
                try:
                    release_clock_host(log, info.id, self.holder)
                except Exception:  # the database is gone: the seat goes stale and is taken over after its timeout
                    pass
                self.hosting.clear()
