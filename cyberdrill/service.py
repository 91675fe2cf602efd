"""The one place that loads a session, asks the engine to decide, appends the events and folds them.

Both the consoles and the headless `run` go through a `Drill`; the store behind it is any `EventLog`
(in memory, SQLite, PostgreSQL). World generation (Faker) is imported only when a session starts.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from cyberdrill.engine import decide, exercise_time_at, initial_state, replay, score
from cyberdrill.engine.commands import Command, StartSession
from cyberdrill.engine.events import Event, SessionStarted
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.engine.state import State, evolve
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.store.base import EventLog, SeqConflict, SessionInfo

MAX_RETRIES = 20


def wall_now() -> str:
    """The wall-clock reading recorded in `wall_*` fields (UTC, ISO 8601)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Drill:
    """One session as seen by one process: its log, its state, and how to act on it."""

    def __init__(self, log: EventLog, loaded: LoadedPack, session_id: str) -> None:
        self.log = log
        self.loaded = loaded
        self.session_id = session_id
        self.state: State = initial_state()
        self.seq = 0
        self.pack_changed = False  # the session was started with other pack files than `loaded`'s

    def refresh(self) -> list[Event]:
        """Fold the events others appended since this drill last looked; return them."""
        new = self.log.read(self.session_id, self.seq)
        for seq, event in new:
            evolve(self.state, event)
            self.seq = seq
        return [event for _, event in new]

    def execute(self, command: Command) -> list[Event]:
        """Decide and append in one go; when another writer got there first, catch up and decide again.
        Raises CommandRefused (nothing recorded) or SeqConflict after MAX_RETRIES lost races."""
        for _ in range(MAX_RETRIES):
            events = decide(self.loaded, self.state, command)
            if not events:
                return events
            try:
                seq = self.log.append(self.session_id, self.seq, events)
            except SeqConflict:
                self.refresh()
                continue
            for event in events:
                evolve(self.state, event)
            self.seq = seq
            self._note_progress()
            return events
        raise SeqConflict(f"session {self.session_id}: {MAX_RETRIES} writers in a row got there first")

    def _note_progress(self) -> None:
        info = self.log.session(self.session_id)
        info.last_seq = self.seq
        info.exercise_time = self.state.t
        if self.state.ended and info.status != "ended":
            info.status = "ended"
            info.ended_at = wall_now()
            info.score = {team.team: team.percent for team in self.scorecard().teams}
        self.log.update_session(info)

    def scorecard(self, at: int | None = None) -> Scorecard:
        """The session's scorecard now (or at exercise time `at`, for a live view between events)."""
        return score(self.loaded, self.state, at)

    def now(self, wall: datetime) -> int:
        """The exercise time the session's clock shows at wall-clock time `wall`."""
        return exercise_time_at(self.state, wall)


class DrillService:
    """Starts and opens sessions of one pack on one event log."""

    def __init__(self, log: EventLog, loaded: LoadedPack) -> None:
        self.log = log
        self.loaded = loaded

    def start(self, seed: int = 1, teams: list[str] | tuple[str, ...] | None = None,
              time_scale: float | None = None, settings: dict[str, Any] | None = None,
              session_id: str | None = None) -> Drill:
        """Generate the run's world, create the session and record its start."""
        from cyberdrill.pack.text import attachment_digests
        from cyberdrill.world import generate_world  # Faker: only when a session starts

        pack = self.loaded.pack
        world = generate_world(pack, seed)
        digests = attachment_digests(self.loaded, world)
        chosen = tuple(teams) if teams else tuple(t.id for t in pack.teams)
        session_id = session_id or uuid.uuid4().hex[:12]
        info_settings = dict(settings or {})
        info_settings.setdefault("pack_path", str(self.loaded.root))
        info_settings.setdefault("pack_id", pack.id)
        if time_scale is not None:
            info_settings.setdefault("time_scale", time_scale)
        self.log.create_session(SessionInfo(
            id=session_id, pack=pack.id, pack_version=pack.version, pack_hash=self.loaded.content_hash, seed=seed,
            teams=list(chosen), settings=info_settings, created_at=wall_now(),
        ))
        drill = Drill(self.log, self.loaded, session_id)
        drill.execute(StartSession(at=0, wall_at=wall_now(), session=session_id, seed=seed, teams=chosen,
                                   world=world, attachments=digests, pack_hash=self.loaded.content_hash,
                                   time_scale=time_scale))
        return drill

    def open(self, session_id: str) -> Drill:
        """A stored session, replayed from its log. A session started with other pack files is opened
        all the same (`pack_changed` says so): its world and history are in the log."""
        info = self.log.session(session_id)
        drill = Drill(self.log, self.loaded, info.id)
        stored = self.log.read(info.id)
        drill.state = replay(event for _, event in stored)
        drill.seq = stored[-1][0] if stored else 0
        first = stored[0][1] if stored else None
        recorded = first.pack_hash if isinstance(first, SessionStarted) else info.pack_hash
        drill.pack_changed = recorded != self.loaded.content_hash
        return drill
