"""What the service needs from a store: sessions and their append-only event logs.

Kept free of SQLModel so the in-memory log (headless `run`, tests) costs no database import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from cyberdrill.engine.events import Event, SessionEnded


class UnknownSession(KeyError):
    """No session, or several, has this id or id prefix. Its text is the one line a command prints."""

    def __init__(self, session: str) -> None:
        super().__init__(session)
        self.session = session

    def __str__(self) -> str:
        return f"no single session matches {self.session!r} (`cyberdrill sessions` lists them)"


class SeqConflict(Exception):
    """Another writer appended first: reload the new events, decide again, retry."""


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
    def create_session(self, info: SessionInfo) -> None: ...

    def append(self, session: str, expected_seq: int, events: list[Event]) -> int:
        """Append `events` after `expected_seq` in one transaction; return the new last seq.
        Raises SeqConflict if the log has moved on since `expected_seq`. The session's cached
        last_seq, exercise_time, status and ended_at follow the appended events."""
        ...

    def read(self, session: str, after_seq: int = 0) -> list[tuple[int, Event]]:
        """Events with seq > after_seq, in order."""
        ...

    def session(self, session: str) -> SessionInfo:
        """Raises UnknownSession (a KeyError) when no single session has this id or id prefix."""
        ...

    def sessions(self) -> list[SessionInfo]: ...

    def update_session(self, info: SessionInfo) -> None: ...


class MemoryLog:
    """An EventLog in memory, for headless runs and tests."""

    def __init__(self) -> None:
        self._info: dict[str, SessionInfo] = {}
        self._events: dict[str, list[Event]] = {}

    def create_session(self, info: SessionInfo) -> None:
        if info.id in self._info:
            raise SessionExists(f"session {info.id} exists")
        self._info[info.id] = info
        self._events[info.id] = []

    def append(self, session: str, expected_seq: int, events: list[Event]) -> int:
        log = self._events[session]
        if len(log) != expected_seq:
            raise SeqConflict(f"log is at {len(log)}, not {expected_seq}")
        log.extend(events)
        info = self._info[session]
        info.last_seq = len(log)
        info.exercise_time = max([info.exercise_time, *(event.t for event in events)])
        ended = next((event for event in events if isinstance(event, SessionEnded)), None)
        if ended is not None:
            info.status, info.ended_at = "ended", ended.wall_at
        return len(log)

    def read(self, session: str, after_seq: int = 0) -> list[tuple[int, Event]]:
        return [(i + 1, e) for i, e in enumerate(self._events[session]) if i + 1 > after_seq]

    def session(self, session: str) -> SessionInfo:
        matches = [s for s in self._info if s.startswith(session)]
        if len(matches) != 1:
            raise UnknownSession(session)
        return self._info[matches[0]]

    def sessions(self) -> list[SessionInfo]:
        return list(self._info.values())

    def update_session(self, info: SessionInfo) -> None:
        self._info[info.id] = info
