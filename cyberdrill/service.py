"""The one place that loads a session, asks the engine to decide, appends the events and folds them.

Both the consoles and the headless `run` go through a `Drill`; the store behind it is any `EventLog`
(in memory, SQLite, PostgreSQL). World generation (Faker) is imported only when a session starts.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cyberdrill.engine import decide, exercise_time_at, initial_state, replay, score
from cyberdrill.engine.commands import Command, StartSession
from cyberdrill.engine.events import Event, SessionEnded, SessionStarted
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
            events = decide(self.loaded.pack, self.state, command)
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
            if any(isinstance(event, SessionEnded) for event in events):
                self._record_final_score()
            return events
        raise SeqConflict(f"session {self.session_id}: {MAX_RETRIES} writers in a row got there first")

    def _record_final_score(self) -> None:
        # The log keeps last_seq, exercise time and status itself on every append; the score is only
        # worth caching (for `cyberdrill sessions`) once the session has ended.
        info = self.log.session(self.session_id)
        info.score = {team.team: team.percent for team in self.scorecard().teams}
        info.score_seq = self.seq
        self.log.update_session(info)

    def scorecard(self, at: int | None = None) -> Scorecard:
        """The session's scorecard now (or at exercise time `at`, for a live view between events)."""
        return score(self.loaded.pack, self.state, at)

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


class SessionPackProblem(Exception):
    """The pack a stored session was played with cannot be found or loaded; the message says which."""


def session_pack_path(info: SessionInfo, search: tuple[Path, ...] = ()) -> Path:
    """The pack folder of a stored session: the path recorded when it started, else a folder named after
    the pack id in `search`, else the bundled pack of that id."""
    from cyberdrill.paths import exercises_dir

    recorded = info.settings.get("pack_path")
    candidates = [Path(str(recorded))] if recorded else []
    candidates += [folder / info.pack for folder in search]
    candidates.append(exercises_dir() / info.pack)
    for folder in candidates:
        if (folder / "pack.yaml").is_file():
            return folder
    looked = " or ".join(str(c) for c in candidates)
    raise SessionPackProblem(f"pack {info.pack!r} of session {info.id} not found (looked in {looked})")


def load_session_pack(info: SessionInfo, search: tuple[Path, ...] = ()) -> LoadedPack:
    """The loaded pack of a stored session, or SessionPackProblem naming the first problem of a broken pack."""
    from cyberdrill.pack.load import load_pack
    from cyberdrill.pack.loaded import PackError

    folder = session_pack_path(info, search)
    try:
        return load_pack(folder)
    except PackError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else "invalid pack"
        raise SessionPackProblem(f"pack {folder} cannot be loaded: {first}") from None
