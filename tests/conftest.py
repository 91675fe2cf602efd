"""Shared test helpers. Each area keeps its own fixtures in tests/<area>/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "domain" / "data"


@pytest.fixture
def repo_root() -> Path:
    return REPO
