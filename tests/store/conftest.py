"""Store fixtures: every SQL test runs on a SQLite file and, when $CYBERDRILL_TEST_PG names a server, on a
fresh PostgreSQL database of its own (created here, dropped after the test)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_builders import BACKENDS, PG_URL


def _libpq(url: str) -> str:
    # psycopg wants postgresql://...; SQLAlchemy's URL names the driver too.
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database's URL."""
    import psycopg

    assert PG_URL
    name = f"cyberdrill_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_URL.rpartition("/")
    yield f"{base}/{name}"
    from cyberdrill.store.database import dispose_all

    dispose_all()
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'drill.db'}"
        from cyberdrill.store.database import dispose_all

        dispose_all()
    else:
        yield request.getfixturevalue("pg_database")
