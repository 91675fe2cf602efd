"""A console's link to one running session: the service's Drill, the session's log, and the wall clock.

Every command a console sends goes through `LiveSession.submit` (in a worker thread: the store may be
slow or away), which stamps it with the exercise time (`Drill.now(wall)`) and the wall-clock reading and
lets the service decide and append; the UI thread then folds what the log gained into the `DrillView`
(`absorb`). Other terminals' events arrive the same way: `fetch` in a worker, `absorb` on the UI thread.

Two locks, so the UI thread never waits for the database: `_store` serialises the workers' store work
(a send, a poll, a tick: one at a time per console), and `_state` guards the Drill's state only while
events are folded into it, which the UI thread takes to read the clock, what is upcoming, the score.
No Textual here, so the link is tested without a screen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.events import Event
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.store.errors import StoreUnavailable
from cyberdrill.tui.view import DrillView

if TYPE_CHECKING:
    from cyberdrill.engine.scorecard import Scorecard
    from cyberdrill.engine.upcoming import Upcoming
    from cyberdrill.service import Drill, EventLog

WallClock = Callable[[], datetime]
RESEND_AFTER_S = 0.5  # a send the store dropped is tried once more after this (a connection re-opened)


@dataclass(frozen=True)
class Seating:
    """Who this terminal seats: the instructor (and so the clock host), and which teams' consoles."""

    instructor: bool
    teams: tuple[str, ...]
    host: bool  # drives the clock: ticks every second while it runs


class LiveSession:
    """One session as a console sees it (see the module docstring)."""

    def __init__(
        self, drill: Drill, log: EventLog, session_id: str, loaded: LoadedPack, clock: WallClock, seating: Seating
    ) -> None:
        self.drill = drill
        self.log = log
        self.id = session_id
        self.loaded = loaded
        self.pack = loaded.pack
        self.clock = clock
        self.seating = seating
        self.view = DrillView()
        self.seq = 0
        self._store = threading.RLock()  # held by a worker for a whole send, poll or tick (store I/O)
        self._state = threading.RLock()  # held while events are folded into the drill's state, never during I/O
        drill.folding = self._state
        self._card: tuple[int, Scorecard] | None = None
        self.absorb(self.fetch(refresh_drill=False))

    # --------------------------------------------------------------------------------------- time

    def now(self) -> int:
        """The exercise time now, from the clock events and the wall clock."""
        with self._state:
            return int(self.drill.now(self.clock()))

    def now_at(self, wall: datetime) -> int:
        """The exercise time at wall-clock reading `wall`, from the clock events."""
        with self._state:
            return int(self.drill.now(wall))

    def wall_at(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # ------------------------------------------------------------------------------------ commands

    def execute(self, kind: type[cmd.Command], command_id: str | None = None, **fields: Any) -> list[Event]:
        """Build a `kind` command at the current exercise time and let the service decide and append it
        (a worker thread's call: it may wait for the store). Raises `CommandRefused` (nothing recorded)
        when the engine refuses it. When the store cannot be reached it tries once more after
        RESEND_AFTER_S with the same `command_id` (a commit whose acknowledgement was lost is not
        recorded twice), then raises StoreUnavailable."""
        with self._store:
            command = kind(at=self.now(), wall_at=self.wall_at(), **fields)
            try:
                return self.drill.execute(command, command_id)
            except StoreUnavailable:
                if command_id is None:
                    raise
            time.sleep(RESEND_AFTER_S)
            return self.drill.execute(command, command_id)

    def submit(self, kind: type[cmd.Command], command_id: str | None = None,
               **fields: Any) -> list[tuple[int, Event]]:
        """`execute`, then what the log gained since the view last looked (the command's events and any
        others'), for `absorb` on the UI thread. A worker thread's call."""
        self.execute(kind, command_id, **fields)
        return self.fetch(refresh_drill=False)

    def send(self, kind: type[cmd.Command], **fields: Any) -> list[Event]:
        """`submit` and `absorb` in one call, for callers without a UI thread to keep free (scripts, tests
        of the link)."""
        return self.absorb(self.submit(kind, **fields))

    def tick_due(self) -> bool:
        """Whether the clock host should tick: the clock runs and has moved past the last event."""
        return self.seating.host and self.view.clock.running and self.now() > self.view.t

    # ------------------------------------------------------------------------------------ syncing

    def fetch(self, refresh_drill: bool = True) -> list[tuple[int, Event]]:
        """Events the log gained since this console last looked (thread-safe: the poll worker's half)."""
        with self._store:
            if refresh_drill:
                self.drill.refresh()
            return self.log.read(self.id, self.seq)

    def absorb(self, batch: list[tuple[int, Event]]) -> list[Event]:
        """Fold a fetched batch into the view (the UI thread's half); events already seen are skipped."""
        fresh: list[Event] = []
        for seq, event in batch:
            if seq <= self.seq:
                continue
            self.view.apply(event)
            self.seq = seq
            fresh.append(event)
        return fresh

    def upcoming(self) -> list[Upcoming]:
        """What the engine knows is due next (injects, replies, consequences, step openings)."""
        from cyberdrill.engine.upcoming import upcoming

        with self._state:
            return upcoming(self.loaded.pack, self.drill.state)

    def scorecard(self) -> Scorecard:
        """The session's scorecard, computed once per change of the log."""
        with self._state:
            if self._card is None or self._card[0] != self.seq:
                self._card = (self.seq, self.drill.scorecard())
            return self._card[1]

    # ---------------------------------------------------------------------------------- attachments

    def attachment_text(self, name: str) -> str:
        """An attachment as this run renders it (from the world recorded when the session started)."""
        from cyberdrill.pack.text import render_attachment

        world = self.view.started.world if self.view.started else {}
        return render_attachment(self.loaded, name, world)

    def attachment_title(self, name: str) -> str:
        info = self.view.started.attachments.get(name, {}) if self.view.started else {}
        return str(info.get("title") or name)
