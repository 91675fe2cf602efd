"""The one place that loads a session, asks the engine to decide, appends the events and folds them.

Both the consoles and the headless `run` go through a `Drill`; the store behind it is any `EventLog`
(in memory, SQLite, PostgreSQL). World generation (Faker) is imported only when a session starts.
"""

from __future__ import annotations

import random
import re
import time
import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cyberdrill.engine import exercise_time_at, initial_state, replay, score
from cyberdrill.engine.commands import Command, StartSession
from cyberdrill.engine.debrief import PlanItem
from cyberdrill.engine.decide import decide
from cyberdrill.engine.events import Event, SessionEnded, SessionStarted
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.engine.state import State, evolve
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.store.base import CommandRecorded, SeqConflict
from cyberdrill.store.base import EventLog as EventLog  # re-exported: the TUI names it from here, not store/
from cyberdrill.store.base import SessionInfo as SessionInfo  # re-exported, likewise

# Lost races are retried after a random wait from RETRY_FIRST_WAIT_S, doubling up to RETRY_MAX_WAIT_S:
# 40 retries cover several seconds of contention, far beyond what a drill's few writers produce.
MAX_RETRIES = 40
RETRY_FIRST_WAIT_S = 0.005
RETRY_MAX_WAIT_S = 0.25


def new_command_id() -> str:
    """A fresh client-side id for one command a console sends (kept across its resends)."""
    return uuid.uuid4().hex


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
        # Held while events are folded into `state` (never while the store is read or written): a console
        # that executes from a worker thread gives a lock here, so its UI thread reads a whole state.
        self.folding: AbstractContextManager[object] = nullcontext()

    def refresh(self) -> list[Event]:
        """Fold the events others appended since this drill last looked; return them."""
        new = self.log.read(self.session_id, self.seq)
        with self.folding:
            for seq, event in new:
                if seq > self.seq:
                    evolve(self.state, event)
                    self.seq = seq
        return [event for _, event in new]

    def execute(self, command: Command, command_id: str | None = None) -> list[Event]:
        """Decide and append in one go; when another writer got there first, catch up and decide again,
        after a short random wait that grows with each lost race (so writers stop colliding in step).
        Raises CommandRefused (nothing recorded) or SeqConflict after MAX_RETRIES lost races.

        `command_id` (see `new_command_id`) makes a resend safe: when a commit landed but its
        acknowledgement was lost (StoreUnavailable), executing the same command with the same id again
        records nothing new and returns the events the first commit recorded."""
        delay = RETRY_FIRST_WAIT_S
        for _ in range(MAX_RETRIES):
            events = decide(self.loaded.pack, self.state, command)
            if not events:
                return events
            try:
                seq = self.log.append(self.session_id, self.seq, events, command_id=command_id)
            except SeqConflict:
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, RETRY_MAX_WAIT_S)
                self.refresh()
                continue
            except CommandRecorded as recorded:
                self.refresh()
                return [event for seq, event in self.log.read(self.session_id, recorded.first_seq - 1)
                        if seq <= recorded.last_seq]
            with self.folding:
                for event in events:
                    evolve(self.state, event)
                self.seq = seq
            if any(isinstance(event, SessionEnded) for event in events):
                record_score(self.log, self.session_id, self.scorecard(), self.seq)
            return events
        raise SeqConflict(f"session {self.session_id}: {MAX_RETRIES} writers in a row got there first")

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
              session_id: str | None = None, languages: dict[str, str] | None = None) -> Drill:
        """Generate the run's world, create the session and record its start. `languages` (team -> language)
        overrides the pack's `teams[].language` for this session; the engine refuses a language the pack
        does not offer (CommandRefused)."""
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
        start = StartSession(at=0, wall_at=wall_now(), session=session_id, seed=seed, teams=chosen, world=world,
                             attachments=digests, pack_hash=self.loaded.content_hash, time_scale=time_scale,
                             languages=dict(languages) if languages else None)
        events = decide(pack, initial_state(), start)
        # The session row and its first events in one transaction: a process killed here leaves either a
        # started session or nothing, never an empty "open T+00:00" session.
        self.log.create_session(SessionInfo(
            id=session_id, pack=pack.id, pack_version=pack.version, pack_hash=self.loaded.content_hash, seed=seed,
            # To the microsecond: sessions started within one second still sort in the order they were made
            # (report --compare, last time's results).
            teams=list(chosen), settings=info_settings, created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
        ), events)
        drill = Drill(self.log, self.loaded, session_id)
        for event in events:
            evolve(drill.state, event)
        drill.seq = len(events)
        return drill

    def open(self, session_id: str) -> Drill:
        """A stored session, replayed from its log. A session started with other pack files is opened
        all the same (`pack_changed` says so): its world and history are in the log."""
        info = self.log.session(session_id)
        drill = Drill(self.log, self.loaded, info.id)
        stored = self.log.read(info.id)
        if not stored or not isinstance(stored[0][1], SessionStarted):
            raise SessionNotStarted(f"session {info.id} has no session_started event (it was never started, "
                                    "or its log is damaged); start a new session")
        drill.state = replay(event for _, event in stored)
        drill.seq = stored[-1][0] if stored else 0
        first = stored[0][1]
        assert isinstance(first, SessionStarted)
        drill.pack_changed = first.pack_hash != self.loaded.content_hash
        return drill


class SessionNotStarted(Exception):
    """A stored session whose log does not begin with its SessionStarted; the message says so in one line."""


class SessionPackProblem(Exception):
    """The pack a stored session was played with cannot be found or loaded; the message says which."""


def pack_id(folder: Path) -> str | None:
    """The `id:` at the top level of a folder's pack.yaml, read without loading the pack."""
    try:
        text = (folder / "pack.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(r"^id:\s*['\"]?([\w.-]+)", text, re.MULTILINE)
    return found.group(1) if found else None


def locate_pack(info: SessionInfo, search: Sequence[Path] = (), *, trust_recorded: bool = True) -> Path:
    """The pack folder of a stored session, or SessionPackProblem saying where it looked. In order:
    1. the folder recorded when the session started (`pack_path`), if its pack.yaml still names the
       session's pack (not when `trust_recorded` is False: an imported file's path proves nothing);
    2. each folder of `search` that is itself a pack folder of that id, or holds one (by folder name
       or by the id in its pack.yaml): the TUI passes the pack folders it offers, the CLI a --packs DIR;
    3. the bundled pack of that id (bundled packs move when cyberdrill is reinstalled).
    A folder counts only when its pack.yaml's `id` is the session's pack."""
    from cyberdrill.paths import exercises_dir

    recorded = info.settings.get("pack_path") if trust_recorded else None
    candidates = [Path(str(recorded))] if isinstance(recorded, str) and recorded else []
    for folder in [*search, exercises_dir()]:
        candidates += [folder, folder / info.pack]
        if folder.is_dir() and not (folder / "pack.yaml").is_file():
            candidates += sorted(child for child in folder.iterdir() if child.is_dir())
    seen: set[Path] = set()
    for folder in candidates:
        if folder in seen:
            continue
        seen.add(folder)
        if (folder / "pack.yaml").is_file() and pack_id(folder) == info.pack:
            return folder
    looked = [str(recorded)] if isinstance(recorded, str) and recorded else []
    looked += [str(folder) for folder in [*search, exercises_dir()]]
    raise SessionPackProblem(f"pack {info.pack!r} of session {info.id} not found (looked in {', '.join(looked)})")


def load_session_pack(info: SessionInfo, search: Sequence[Path] = ()) -> LoadedPack:
    """The loaded pack of a stored session, or SessionPackProblem naming the first problem of a broken pack."""
    from cyberdrill.pack.load import load_pack
    from cyberdrill.pack.loaded import PackError

    folder = locate_pack(info, search)
    try:
        return load_pack(folder)
    except PackError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else "invalid pack"
        raise SessionPackProblem(f"pack {folder} cannot be loaded: {first}") from None


def record_score(log: EventLog, session_id: str, card: Scorecard, seq: int) -> dict[str, float]:
    """Cache `card` (the scorecard at `seq`) with the session, for `cyberdrill sessions`; the per-team
    percent it cached. The one writer of the cached score: `update_session` never moves last_seq, so
    a concurrent append simply leaves this score stale (score_seq behind last_seq)."""
    percent = {team.team: team.percent for team in card.teams}
    info = log.session(session_id)
    info.score, info.score_seq = percent, seq
    log.update_session(info)
    return percent


def session_score(log: EventLog, info: SessionInfo, search: Sequence[Path] = ()) -> dict[str, float]:
    """The session's per-team percent at its last event: the cached score when it was computed at the
    last seq, else recomputed by replaying the log with the session's pack (and cached again). Raises
    SessionPackProblem when the pack is missing or broken, SessionNotStarted for an empty log."""
    if info.score and info.score_seq == info.last_seq:
        return dict(info.score)
    if info.last_seq == 0:
        return {}
    drill = DrillService(log, load_session_pack(info, search)).open(info.id)
    return record_score(log, info.id, drill.scorecard(), drill.seq)


def needs_passphrase(info: SessionInfo) -> bool:
    """Whether the instructor seat of this session is guarded by a passphrase."""
    from cyberdrill.store.seats import PASSPHRASE_SETTING

    return bool(info.settings.get(PASSPHRASE_SETTING))


def check_passphrase(info: SessionInfo, passphrase: str) -> bool:
    """Whether `passphrase` opens the instructor seat of this session: True for a session without one,
    else whether it matches the stored hash (scrypt, constant-time comparison; store/seats.py)."""
    from cyberdrill.store.seats import PASSPHRASE_SETTING, verify_passphrase

    stored = info.settings.get(PASSPHRASE_SETTING)
    if not stored:
        return True
    return isinstance(stored, str) and verify_passphrase(passphrase, stored)


# ------------------------------------------------------------------------- the consoles' seats and store
# What the TUI needs of the store, so that nothing under cyberdrill/tui imports cyberdrill.store (but its
# exception types). Every EventLog keeps seats (the in-memory one too, for a single process).


def open_store(url: str | None) -> EventLog:
    """The event log at database `url` (None: $CYBERDRILL_DB, else SQLite in the user's data folder).
    Raises StoreUnavailable (cyberdrill.store.errors) when it cannot be opened."""
    from cyberdrill.store import open_log

    return open_log(url)


def passphrase_settings(passphrase: str) -> dict[str, str]:
    """The session settings that guard the instructor seat with `passphrase` (none for an empty one)."""
    from cyberdrill.store.seats import PASSPHRASE_SETTING, hash_passphrase

    return {PASSPHRASE_SETTING: hash_passphrase(passphrase)} if passphrase else {}


def claim_clock_host(log: EventLog, session_id: str, holder: str) -> str | None:
    """Sit `holder` in the session's clock-host seat (exactly one terminal drives the clock). None when
    it now holds the seat, else why not (another live host sits there)."""
    from cyberdrill.store.seats import HOST_SEAT, SeatTaken

    try:
        log.claim_seat(session_id, HOST_SEAT, holder, exclusive=True)
    except SeatTaken as taken:
        return str(taken)
    return None


def beat_clock_host(log: EventLog, session_id: str, holder: str) -> None:
    """Show the clock host is alive (once a second). SeatTaken when another host took the seat over."""
    from cyberdrill.store.seats import HOST_SEAT

    log.heartbeat(session_id, HOST_SEAT, holder)


def release_clock_host(log: EventLog, session_id: str, holder: str) -> None:
    """Leave the clock-host seat, so another terminal can drive the clock at once."""
    from cyberdrill.store.seats import HOST_SEAT

    log.release_seat(session_id, HOST_SEAT, holder)


def clock_host_seen(log: EventLog, session_id: str) -> float:
    """When the session's clock host last showed it was alive (epoch seconds; 0.0 when no host sits).
    `clock_host_online` says whether that is recent enough."""
    from cyberdrill.store.seats import HOST_SEAT

    return next((seat.heartbeat_at for seat in log.seats(session_id) if seat.seat == HOST_SEAT), 0.0)


def clock_host_online(seen: float, now: float) -> bool:
    """Whether a host last seen at `seen` (a `clock_host_seen` answer) still drives the clock at `now`."""
    from cyberdrill.store.seats import HOST_STALE_AFTER

    return now - seen < HOST_STALE_AFTER


# ------------------------------------------------------------------------------------ across drills


@dataclass(frozen=True)
class LastTime:
    """A team's previous session of the same pack: its score, its ratings by objective and the
    improvement-plan rows that concern it (its own and the general ones)."""

    session: str
    created_at: str | None
    percent: float
    ratings: dict[str, str]  # objective id -> P, S, M, U (after any override)
    plan: tuple[PlanItem, ...]


def last_time(log: EventLog, loaded: LoadedPack, session_id: str, team: str) -> LastTime | None:
    """The latest ended session of `session_id`'s pack that `team` played before this one (None: none).
    Replayed with `loaded` (the same pack id; a session played with older files of it replays alike)."""
    from cyberdrill.engine.debrief import improvement_plan
    from cyberdrill.engine.debrief_rules import team_objectives
    from cyberdrill.engine.index import index_of

    current = log.session(session_id)
    earlier = [info for info in log.sessions()
               if info.id != current.id and info.pack == current.pack and team in info.teams
               and info.status == "ended" and (info.created_at or "") <= (current.created_at or "")]
    if not earlier:
        return None
    info = max(earlier, key=lambda i: (i.created_at or "", i.last_seq))
    drill = DrillService(log, loaded).open(info.id)
    card = drill.scorecard().team(team)
    mine = team_objectives(index_of(loaded.pack), team)
    plan = tuple(item for item in improvement_plan(drill.state) if item.team in (team, None))
    return LastTime(session=info.id, created_at=info.created_at, percent=card.percent,
                    ratings={o.objective: o.rating for o in card.objectives if o.objective in mine}, plan=plan)
