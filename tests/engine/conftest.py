"""Fixtures for the engine's tests: the mini pack, a small pack using every feature of the format."""

from __future__ import annotations

import pytest
from drill_play import MINI

from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack


@pytest.fixture(scope="session")
def mini() -> LoadedPack:
    return load_pack(MINI)
