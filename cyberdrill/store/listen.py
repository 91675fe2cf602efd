"""PostgreSQL LISTEN/NOTIFY: consoles learn of appends as they commit instead of polling the log.

Every append on PostgreSQL runs `pg_notify(CHANNEL, "<session>:<last seq>")` inside its transaction, so
the announcement leaves when (and only if) the events are committed. A `Listener` holds one connection
of its own, outside the pool, in autocommit with `LISTEN` on the channel, and keeps the latest seq
announced per session. A console's worker waits on it; the read that follows is the usual range scan.

A notification sent while no connection listened is lost (a listener that reconnects after an outage):
so a fresh listener answers its first wait with True at once, and the caller reads to catch up.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine

from cyberdrill.store.errors import StoreUnavailable

CHANNEL = "cyberdrill_events"
LISTEN_ENV = "CYBERDRILL_PG_LISTEN"  # "off": PostgreSQL readers poll as on SQLite (appends still announce)


def announcement(session: str, last_seq: int) -> str:
    """The payload an append sends: which session moved, and to which seq."""
    return f"{session}:{last_seq}"


def parse(payload: str) -> tuple[str, int] | None:
    """(session, last seq) from an announcement; None for a payload that is not one."""
    session, _, seq = payload.rpartition(":")
    return (session, int(seq)) if session and seq.isdigit() else None


class Listener:
    """One LISTEN connection to the engine's PostgreSQL database (used by one thread at a time)."""

    def __init__(self, engine: Engine) -> None:
        self._url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._shown = engine.url.render_as_string(hide_password=True)
        self._connection: Any = None
        self._latest: dict[str, int] = {}
        self._fresh = False

    def _connect(self) -> Any:
        import psycopg

        try:
            connection = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
            connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            reason = " ".join(str(error).split())
            raise StoreUnavailable(f"cannot reach the database {self._shown}: {reason}") from error
        self._fresh = True
        return connection

    def wait(self, session: str, after_seq: int, timeout: float) -> bool:
        """True as soon as an append to `session` past `after_seq` is announced (or was, since the last
        wait), or at once on a fresh connection; False after `timeout` seconds without one."""
        import psycopg

        if self._connection is None:
            self._connection = self._connect()
        if self._fresh:
            self._fresh = False
            return True
        end = time.monotonic() + timeout
        while self._latest.get(session, 0) <= after_seq:
            left = end - time.monotonic()
            if left <= 0:
                return False
            try:
                for notice in self._connection.notifies(timeout=left, stop_after=1):
                    told = parse(notice.payload)
                    if told is not None:
                        self._latest[told[0]] = max(self._latest.get(told[0], 0), told[1])
            except psycopg.Error as error:
                self.close()
                raise StoreUnavailable(
                    f"lost the database {self._shown}: {' '.join(str(error).split())}") from error
        return True

    def close(self) -> None:
        """Stop listening (the next wait connects again)."""
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
