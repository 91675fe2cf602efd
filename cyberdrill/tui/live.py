"""A console's link to one running session: the service's Drill, the session's log, and the wall clock.

Every command a console sends goes through `LiveSession.send`, which stamps it with the exercise time
(`Drill.now(wall)`) and the wall-clock reading, lets the service decide and append, then folds what the
log gained into the `DrillView`. Other terminals' events arrive through `fetch` (safe in a worker thread)
and `absorb` (on the UI thread). No Textual here, so the link is tested without a screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.events import Event
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.tui.view import DrillView

if TYPE_CHECKING:
    from cyberdrill.engine.scorecard import Scorecard
    from cyberdrill.engine.upcoming import Upcoming
    from cyberdrill.service import Drill, EventLog

WallClock = Callable[[], datetime]


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
        # The Drill is not shared across threads without this: the poll worker refreshes it while the
        # UI thread may be executing a command.
        self._lock = threading.RLock()
        self._card: tuple[int, Scorecard] | None = None
        self.absorb(self.fetch(refresh_drill=False))

    # --------------------------------------------------------------------------------------- time

    def now(self) -> int:
        """The exercise time now, from the clock events and the wall clock."""
        with self._lock:
            return int(self.drill.now(self.clock()))

    def now_at(self, wall: datetime) -> int:
        """The exercise time at wall-clock reading `wall`, from the clock events."""
        with self._lock:
            return int(self.drill.now(wall))

    def wall_at(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # ------------------------------------------------------------------------------------ commands

    def execute(self, kind: type[cmd.Command], **fields: Any) -> None:
        """Build a `kind` command at the current exercise time and let the service decide and append it
        (thread-safe). Raises `CommandRefused` (nothing recorded) when the engine refuses it."""
        with self._lock:
            self.drill.execute(kind(at=self.now(), wall_at=self.wall_at(), **fields))

    def send(self, kind: type[cmd.Command], **fields: Any) -> list[Event]:
        """`execute`, then fold what the log gained into the view (UI thread); returns those events."""
        self.execute(kind, **fields)
        return self.absorb(self.fetch(refresh_drill=False))

    def tick_due(self) -> bool:
        """Whether the clock host should tick: the clock runs and has moved past the last event."""
        return self.seating.host and self.view.clock.running and self.now() > self.view.t

    # ------------------------------------------------------------------------------------ syncing

    def fetch(self, refresh_drill: bool = True) -> list[tuple[int, Event]]:
        """Events the log gained since this console last looked (thread-safe: the poll worker's half)."""
        with self._lock:
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

        with self._lock:
            return upcoming(self.loaded.pack, self.drill.state)

    def scorecard(self) -> Scorecard:
        """The session's scorecard, computed once per change of the log."""
        with self._lock:
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
