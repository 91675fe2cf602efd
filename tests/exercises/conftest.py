"""Fixtures for the bundled exercise packs' tests: the flagship pack, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack

FLAGSHIP = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"


@pytest.fixture(scope="session")
def flagship() -> LoadedPack:
    return load_pack(FLAGSHIP)
