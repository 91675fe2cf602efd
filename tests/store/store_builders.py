"""Small builders shared by the store tests."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from cyberdrill.engine.events import ActionTaken, Event
from cyberdrill.store import SessionInfo

# The backends every SQL test runs on; PostgreSQL only when a server is named.
PG_URL = os.environ.get("CYBERDRILL_TEST_PG")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="set CYBERDRILL_TEST_PG to a PostgreSQL server URL to run the PostgreSQL tests"))]


def new_info(teams: tuple[str, ...] = ("ru-nccci", "th-thaicert")) -> SessionInfo:
    """A session description with a fresh id."""
    return SessionInfo(id=uuid.uuid4().hex, pack="mini", pack_version="1.0", pack_hash="sha256:abc", seed=7,
                       teams=list(teams), settings={"time_scale": 60.0})


def action(n: int, team: str = "th-thaicert", **fields: object) -> Event:
    """A team action at exercise second `n`."""
    return ActionTaken(t=n, action_id=f"A{n}", team=team, action="note", fields={"n": n, **fields})


REPO = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    """The environment for a child Python process that must import this checkout's cyberdrill."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env
