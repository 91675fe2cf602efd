"""What the service needs from a store: sessions and their append-only event logs.

Kept free of SQLModel so the in-memory log (headless `run`, tests) costs no database import.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from cyberdrill.engine.events import Event, SessionEnded
from cyberdrill.store.seats import HOST_STALE_AFTER, Seat, SeatTaken


class UnknownSession(KeyError):
    """No session, or several, has this id or id prefix. Its text is the one line a command prints."""

    def __init__(self, session: str) -> None:
        super().__init__(session)
        self.session = session

    def __str__(self) -> str:
        return f"no single session matches {self.session!r} (`cyberdrill sessions` lists them)"


class SeqConflict(Exception):
    """Another writer appended first: reload the new events, decide again, retry."""


class CommandRecorded(Exception):
    """`append` was given a command id the session already recorded: a resend of a command whose commit
    landed although its acknowledgement was lost. Nothing new is written; the earlier commit holds seqs
    `first_seq` to `last_seq`."""

    def __init__(self, session: str, command_id: str, first_seq: int, last_seq: int) -> None:
        super().__init__(f"session {session} already recorded command {command_id} (seqs {first_seq}-{last_seq})")
        self.command_id = command_id
        self.first_seq = first_seq
        self.last_seq = last_seq


class SessionExists(ValueError):
    """`create_session` was given an id the store already holds (e.g. importing a session twice)."""


@dataclass
class SessionInfo:
    id: str
    pack: str
    pack_version: str
    pack_hash: str
    seed: int
    teams: list[str]
    status: str = "open"  # open, ended
    settings: dict[str, Any] = field(default_factory=dict)  # time scale, pack path, passphrase hash ...
    created_at: str | None = None
    ended_at: str | None = None
    last_seq: int = 0
    exercise_time: int = 0
    score: dict[str, float] = field(default_factory=dict)  # team -> percent, kept for `sessions`
    score_seq: int = 0  # the last_seq `score` was computed at; below last_seq means the score is stale


class EventLog(Protocol):
    def create_session(self, info: SessionInfo, events: Sequence[Event] = ()) -> None:
        """Record a new session and its first `events` (its SessionStarted ...) in one transaction, so
        no reader ever sees a session without them. Raises SessionExists for a known id. The cached
        last_seq, exercise_time, status and ended_at follow `events`, whatever `info` says."""
        ...

    def append(self, session: str, expected_seq: int, events: list[Event], command_id: str | None = None) -> int:
        """Append `events` after `expected_seq` in one transaction; return the new last seq.
        Raises SeqConflict if the log has moved on since `expected_seq`, KeyError for an unknown
        session. The session's cached last_seq, exercise_time, status and ended_at follow the
        appended events. `command_id` (a client-generated id of the command the events answer) is kept
        unique per session in the same transaction: a second append with it raises CommandRecorded
        (checked before the seq), so a resend after a lost acknowledgement records nothing twice."""
        ...

    def read(self, session: str, after_seq: int = 0) -> list[tuple[int, Event]]:
        """Events with seq > after_seq, in order (none for an unknown session)."""
        ...

    def session(self, session: str) -> SessionInfo:
        """A copy of the session with this id, else of the one whose id starts with it. Raises
        UnknownSession (a KeyError) when there is none, or several."""
        ...

    def sessions(self) -> list[SessionInfo]:
        """Copies of every session, oldest first."""
        ...

    def update_session(self, info: SessionInfo) -> None:
        """Write the session's fields except last_seq and exercise_time, which only appends move (a
        caller holding an older copy must not move them back). KeyError for an unknown session."""
        ...

    # Live updates: how a console learns that other processes appended.

    @property
    def notifies(self) -> bool:
        """Whether `wait_for_events` is told of appends (PostgreSQL's LISTEN/NOTIFY); when False a
        console polls `read` instead (SQLite, the in-memory log)."""
        ...

    def wait_for_events(self, session: str, after_seq: int, timeout: float) -> bool:
        """Block up to `timeout` seconds until the session's log may hold events after `after_seq`: True
        when told so (also once, at once, after (re)connecting: what was appended meanwhile was not
        announced), False when the time ran out or the store tells nothing (`notifies` False: it returns
        False at once). StoreUnavailable when the database cannot be reached."""
        ...

    # Seats: who sits at a session (a team's console, the instructor, the clock host). Presence, not drill
    # facts: they are not events and no replay sees them.

    def claim_seat(self, session: str, seat: str, holder: str, *, exclusive: bool = False,
                   stale_after: float = HOST_STALE_AFTER, now: float | None = None) -> Seat:
        """Sit `holder` at `seat`. An exclusive seat (the clock host) held by someone else whose heartbeat
        is younger than `stale_after` seconds raises SeatTaken; a silent holder is replaced. KeyError for
        an unknown session."""
        ...

    def heartbeat(self, session: str, seat: str, holder: str, now: float | None = None) -> None:
        """Show `holder` is alive at `seat`. SeatTaken if someone else has taken the seat since."""
        ...

    def release_seat(self, session: str, seat: str, holder: str) -> None:
        """Leave `seat`, if `holder` still holds it."""
        ...

    def seats(self, session: str) -> list[Seat]:
        """Who sits at the session, by seat name."""
        ...


def cached_after(info: SessionInfo, events: Sequence[Event]) -> dict[str, Any]:
    """The cached columns of `info` once `events` are appended after its last seq."""
    moved: dict[str, Any] = {
        "last_seq": info.last_seq + len(events),
        "exercise_time": max([info.exercise_time, *(event.t for event in events)]),
    }
    ended = next((event for event in events if isinstance(event, SessionEnded)), None)
    if ended is not None:
        moved.update(status="ended", ended_at=ended.wall_at or info.ended_at)
    return moved


class MemoryLog:
    """An EventLog in memory, for headless runs and tests. It keeps the same contract as the SQL log
    (tests/store/test_log.py runs over both): callers get copies, never the stored objects."""

    def __init__(self) -> None:
        self._info: dict[str, SessionInfo] = {}
        self._events: dict[str, list[Event]] = {}
        self._seats: dict[tuple[str, str], Seat] = {}
        self._commands: dict[tuple[str, str], tuple[int, int]] = {}

    def create_session(self, info: SessionInfo, events: Sequence[Event] = ()) -> None:
        if info.id in self._info:
            raise SessionExists(f"session {info.id} already exists in this database")
        stored = copy.deepcopy(info)
        stored.last_seq, stored.exercise_time, stored.status, stored.ended_at = 0, 0, "open", None
        self._info[info.id] = dataclasses.replace(stored, **cached_after(stored, events))
        self._events[info.id] = list(events)

    def append(self, session: str, expected_seq: int, events: list[Event], command_id: str | None = None) -> int:
        log = self._events[session]
        if command_id is not None and (session, command_id) in self._commands:
            raise CommandRecorded(session, command_id, *self._commands[(session, command_id)])
        if len(log) != expected_seq:
            raise SeqConflict(f"session {session} is at seq {len(log)}, not {expected_seq}")
        info = self._info[session]
        self._info[session] = dataclasses.replace(info, **cached_after(info, events))
        log.extend(events)
        if command_id is not None and events:
            self._commands[(session, command_id)] = (expected_seq + 1, len(log))
        return len(log)

    def read(self, session: str, after_seq: int = 0) -> list[tuple[int, Event]]:
        log = self._events.get(session, [])
        return [(i + 1, e) for i, e in enumerate(log) if i + 1 > after_seq]

    def session(self, session: str) -> SessionInfo:
        if session in self._info:
            return copy.deepcopy(self._info[session])
        matches = [s for s in self._info if s.startswith(session)]
        if len(matches) != 1:
            raise UnknownSession(session)
        return copy.deepcopy(self._info[matches[0]])

    def sessions(self) -> list[SessionInfo]:
        return [copy.deepcopy(info) for info in sorted(self._info.values(),
                                                        key=lambda i: (i.created_at or "", i.id))]

    def update_session(self, info: SessionInfo) -> None:
        stored = self._info[info.id]
        self._info[info.id] = dataclasses.replace(copy.deepcopy(info), last_seq=stored.last_seq,
                                                  exercise_time=stored.exercise_time)

    @property
    def notifies(self) -> bool:
        return False  # one process: its consoles poll the dictionary

    def wait_for_events(self, session: str, after_seq: int, timeout: float) -> bool:
        return False

    def claim_seat(self, session: str, seat: str, holder: str, *, exclusive: bool = False,
                   stale_after: float = HOST_STALE_AFTER, now: float | None = None) -> Seat:
        if session not in self._info:
            raise KeyError(session)
        at = time.time() if now is None else now
        current = self._seats.get((session, seat))
        if current is not None and exclusive and current.holder != holder and at - current.heartbeat_at < stale_after:
            raise SeatTaken(seat_taken_message(session, seat, current.holder, at - current.heartbeat_at, stale_after))
        taken = Seat(session=session, seat=seat, holder=holder, joined_at=_now_iso(), heartbeat_at=at)
        self._seats[(session, seat)] = taken
        return taken

    def heartbeat(self, session: str, seat: str, holder: str, now: float | None = None) -> None:
        current = self._seats.get((session, seat))
        if current is None or current.holder != holder:
            raise SeatTaken(f"session {session}: the {seat} seat is no longer held by {holder}")
        at = time.time() if now is None else now
        self._seats[(session, seat)] = dataclasses.replace(current, heartbeat_at=at)

    def release_seat(self, session: str, seat: str, holder: str) -> None:
        current = self._seats.get((session, seat))
        if current is not None and current.holder == holder:
            del self._seats[(session, seat)]

    def seats(self, session: str) -> list[Seat]:
        return sorted((s for (sid, _), s in self._seats.items() if sid == session), key=lambda s: s.seat)


def seat_taken_message(session: str, seat: str, holder: str, silent_for: float, stale_after: float) -> str:
    """Why an exclusive seat cannot be claimed: who holds it, and when it would be free (one wording for
    every store)."""
    return (f"session {session} already has a live {seat}: {holder} (last heartbeat {silent_for:.0f} s ago). "
            f"Stop it first; a host that died is replaced {stale_after:.0f} s after its last heartbeat.")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
