"""Fixtures for the served seats: a SQLite session of the mini pack and the serve command's output."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store import open_log
from cyberdrill.store.base import EventLog

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "mini"


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own user data folder (the SSH host key, a seat's notes) and drafts file."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CYBERDRILL_DRAFTS", str(tmp_path / "drafts.json"))
    return tmp_path / "data"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'drill.db'}"


@pytest.fixture
def log(db_url: str) -> EventLog:
    return open_log(db_url)


@pytest.fixture
def session(log: EventLog) -> str:
    """A hosted session of the mini pack (teams th-cert and ru-cert), not yet served."""
    drill = DrillService(log, load_pack(MINI)).start(seed=3, teams=["th-cert", "ru-cert"],
                                                     settings={"seating": "hosted"})
    return drill.session_id


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database's URL on the server $CYBERDRILL_TEST_PG names (dropped after the test);
    skipped without one (and so, under CI, a failure: .ci/run starts a server)."""
    import uuid

    server = os.environ.get("CYBERDRILL_TEST_PG")
    if not server:
        pytest.skip("set CYBERDRILL_TEST_PG to a PostgreSQL server URL to run the PostgreSQL tests")
    import psycopg

    admin_url = server.replace("postgresql+psycopg://", "postgresql://", 1)
    name = f"cyberdrill_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server.rpartition('/')[0]}/{name}"
    from cyberdrill.store.database import dispose_all

    dispose_all()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
