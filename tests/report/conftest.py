"""Fixtures of the report tests: a synthetic scored session (report_factory.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_factory import synthetic_card, synthetic_pack

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.loaded import LoadedPack


@pytest.fixture
def loaded() -> LoadedPack:
    return synthetic_pack()


@pytest.fixture
def card(loaded: LoadedPack) -> Scorecard:
    return synthetic_card(loaded)


@pytest.fixture
def hostile_card(loaded: LoadedPack) -> Scorecard:
    return synthetic_card(loaded, hostile=True)
