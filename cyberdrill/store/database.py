"""Engines and transactions: SQLite (a file, by default) and PostgreSQL (by URL) through the same code.

One engine per database URL per process, created on first use (never at import time). Every unit of
work runs through `run_read` or `run_write`, which own the transaction and absorb SQLite's transient
"database is locked" with a backoff, so it never reaches the user.

SQLite settings, and why:
- WAL: readers (every console polls) never block the writer, and the writer never blocks readers.
- synchronous=FULL: each commit fsyncs the WAL. With WAL, NORMAL loses nothing when a process is killed
  but can lose the last commits when the machine loses power or the OS crashes; a laptop dying mid-drill
  is a case the store must survive, and a drill appends a few events a minute, so the fsync is free in
  practice (bench/store.py measures it).
- busy_timeout 10 s: a writer waits for the lock inside SQLite instead of failing at once.
- Writes begin IMMEDIATE: the write lock is taken at BEGIN, so concurrent writers queue up on the busy
  timeout. A deferred transaction that reads, then writes, can instead fail with SQLITE_BUSY at once (its
  snapshot is stale), which no timeout cures.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, make_url, select
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel

from cyberdrill import __version__
from cyberdrill.store import tables
from cyberdrill.store.errors import StoreBusy, StoreUnavailable
from cyberdrill.store.schema import SCHEMA_VERSION, SchemaTooNew

T = TypeVar("T")

BUSY_TIMEOUT_S = 10.0
# Past the busy timeout, keep retrying with backoff up to this long before giving up with a clear error.
LOCKED_GIVE_UP_S = 120.0
# Serialises schema creation between processes opening a fresh PostgreSQL database at once.
_PG_SCHEMA_LOCK = 0x63796264  # "cybd"

_engines: dict[str, Engine] = {}


def engine_for(url: str) -> Engine:
    """This process's engine for `url`, created (and its schema checked or upgraded) on first use.
    Raises SchemaTooNew if the database was written by a newer cyberdrill, StoreUnavailable if it
    cannot be opened."""
    engine = _engines.get(url)
    if engine is None:
        try:
            engine = _create_engine(url)
        except (ArgumentError, ImportError) as error:
            raise StoreUnavailable(f"cannot use the database URL {url!r}: {error}") from error
        try:
            prepare_schema(engine)
        except (OperationalError, DBAPIError) as error:
            engine.dispose()
            shown = make_url(url).render_as_string(hide_password=True)
            raise StoreUnavailable(f"cannot open the database {shown}: {str(error.orig).strip()}") from error
        except BaseException:
            engine.dispose()
            raise
        _engines[url] = engine
    return engine


def dispose_all() -> None:
    """Close every engine this process opened (tests, and a clean exit of long-lived commands)."""
    while _engines:
        _engines.popitem()[1].dispose()


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def _create_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        # pre_ping: a long drill outlives idle connections that a server or a NAT box dropped.
        return create_engine(url, pool_pre_ping=True, json_serializer=_to_json)
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = create_engine(
        url,
        # The TUI polls from a thread worker; each connection is still used by one thread at a time.
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S},
        json_serializer=_to_json,
        # An in-memory database lives in its one connection: share it.
        **({"poolclass": StaticPool} if in_memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 module's own implicit BEGIN would defeat BEGIN IMMEDIATE: take transactions over.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _to_json(value: Any) -> str:
    # Thai and Cyrillic stay readable in the payload column (for anyone inspecting the file with sqlite3).
    return json.dumps(value, ensure_ascii=False)


def _is_locked(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "locked" in text or "busy" in text


def _retrying(engine: Engine, work: Callable[[Connection], T], *, write: bool) -> T:
    deadline = time.monotonic() + LOCKED_GIVE_UP_S
    delay = 0.01
    while True:
        try:
            with engine.connect() as connection:
                if write and is_sqlite(engine):
                    connection.execution_options(sqlite_begin="IMMEDIATE")
                with connection.begin():
                    return work(connection)
        except (OperationalError, InterfaceError) as error:
            if not (is_sqlite(engine) and isinstance(error, OperationalError) and _is_locked(error)):
                # No server, a dropped connection, an unreadable file: the user's words, no SQL types.
                # Whether a commit that was under way landed is unknown; the caller's next read tells.
                shown = engine.url.render_as_string(hide_password=True)
                reason = " ".join(str(error.orig).split()) or type(error.orig).__name__
                raise StoreUnavailable(f"cannot reach the database {shown}: {reason}") from error
            if time.monotonic() > deadline:
                raise StoreBusy(
                    f"the database stayed locked by another process for {LOCKED_GIVE_UP_S:.0f} s; "
                    "is a process stuck holding it?"
                ) from error
            # Jitter keeps several waiting writers from retrying in lockstep.
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


def run_write(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in one write transaction (SQLite: BEGIN IMMEDIATE), committed when it returns and
    rolled back if it raises. A locked SQLite database is waited for, never reported; a database that
    cannot be reached raises StoreUnavailable (one line, no SQL types)."""
    return _retrying(engine, work, write=True)


def run_read(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in one read transaction (a consistent snapshot)."""
    return _retrying(engine, work, write=False)


def prepare_schema(engine: Engine) -> None:
    """Create the tables of a fresh database, upgrade an older one, refuse a newer one (SchemaTooNew)."""

    def work(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_SCHEMA_LOCK})")
        found = schema_version(connection)
        if found is not None and found > SCHEMA_VERSION:
            raise SchemaTooNew(found)
        if found != SCHEMA_VERSION:
            _upgrade(connection, found)

    run_write(engine, work)


def _version_table() -> Table:
    return SQLModel.metadata.tables[str(tables.SchemaVersionRow.__tablename__)]


def schema_version(connection: Connection) -> int | None:
    """The database's schema version: None for an empty database, 0 for tables without a version row
    (a database from before versioning)."""
    names = set(inspect(connection).get_table_names())
    if "schema_version" not in names:
        return 0 if names & {"sessions", "events"} else None
    version = connection.execute(select(_version_table().c.version)).scalar()
    return int(version) if version is not None else 0


def _upgrade(connection: Connection, found: int | None) -> None:
    # Until the first change to an existing table, upgrading means creating what is missing: create_all
    # adds absent tables and leaves existing ones (and their rows) alone. A later schema version adds
    # its own step here (ALTER TABLE ..., or Alembic with target_metadata = SQLModel.metadata), run
    # when `found` is below it.
    SQLModel.metadata.create_all(connection)
    table = _version_table()
    connection.execute(table.delete())
    connection.execute(table.insert().values(id=1, version=SCHEMA_VERSION, written_by=__version__))
