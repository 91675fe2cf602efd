"""The schema version: a newer database is refused, an older one is upgraded in place."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from store_builders import action, new_info

from cyberdrill.store import SCHEMA_VERSION, SchemaTooNew, open_log
from cyberdrill.store.database import dispose_all


def _execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    # A separate engine, as another cyberdrill (older or newer) would have used.
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            rows: list[tuple[object, ...]] = []
            for statement in statements:
                result = connection.execute(text(statement))
                if result.returns_rows:
                    rows = [tuple(r) for r in result]
            return rows
    finally:
        engine.dispose()


def test_a_fresh_database_records_the_current_schema_version(db_url: str) -> None:
    open_log(db_url)
    assert _execute(db_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]


def test_a_database_from_a_newer_cyberdrill_is_refused_with_a_clear_message(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    dispose_all()
    _execute(db_url, f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNew) as refused:
        open_log(db_url)
    assert str(refused.value).startswith(
        f"this database was written by a newer cyberdrill (schema {SCHEMA_VERSION + 1}); upgrade cyberdrill")
    # Refusing touched nothing.
    assert _execute(db_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION + 1,)]
    assert _execute(db_url, "SELECT count(*) FROM sessions") == [(1,)]


def test_a_database_from_before_versioning_is_upgraded_and_keeps_its_sessions(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    log.append(info.id, 0, [action(1), action(2)])
    dispose_all()
    # What an older cyberdrill left: no seats table, no version row.
    _execute(db_url, "DROP TABLE seats", "DROP TABLE schema_version")

    upgraded = open_log(db_url)
    assert _execute(db_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    assert [seq for seq, _ in upgraded.read(info.id)] == [1, 2]
    upgraded.claim_seat(info.id, "th-thaicert", "console-1")
    assert [s.seat for s in upgraded.seats(info.id)] == ["th-thaicert"]
