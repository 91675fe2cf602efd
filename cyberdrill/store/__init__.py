"""Persistence: SQLModel tables and the append-only event log (SQLite by default, PostgreSQL by URL).

`import cyberdrill.store` stays light: the SQL modules (and SQLModel) load only when `open_log` opens a
database, so the in-memory `run` and `validate` never pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberdrill.store.base import CommandRecorded, EventLog, MemoryLog, SeqConflict, SessionExists, SessionInfo
from cyberdrill.store.errors import StoreBusy, StoreError, StoreUnavailable
from cyberdrill.store.schema import SCHEMA_VERSION, SchemaTooNew

if TYPE_CHECKING:
    from cyberdrill.store.sql_log import SqlLog

__all__ = [
    "SCHEMA_VERSION",
    "CommandRecorded",
    "EventLog",
    "MemoryLog",
    "SchemaTooNew",
    "SeqConflict",
    "SessionExists",
    "SessionInfo",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "open_log",
]


def open_log(url: str | None = None) -> SqlLog:
    """The event log in the database at `url` (None: `cyberdrill.paths.default_db_url()`, which honours
    $CYBERDRILL_DB). A fresh database gets its tables, an older one is upgraded; a newer one raises
    SchemaTooNew; one that cannot be opened raises StoreUnavailable. The returned log also manages seats
    (see store/seats.py)."""
    from cyberdrill.paths import default_db_url
    from cyberdrill.store.database import engine_for
    from cyberdrill.store.sql_log import SqlLog

    return SqlLog(engine_for(url or default_db_url()))
