"""Fixtures for the TUI's tests: the mini pack, an in-memory log, a fixed wall clock, an app factory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import MINI, FixedClock

from cyberdrill.i18n import set_language
from cyberdrill.store.base import MemoryLog
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own user data folder: a seat's notes (read marks, drafts) never leak between tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The consoles in English whatever the machine's locale (a test asks for ru or th with `lang=`), and
    back to English after each test (the current language is one per process)."""
    monkeypatch.setenv("CYBERDRILL_LANG", "en")
    yield
    set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def log() -> MemoryLog:
    return MemoryLog()


@pytest.fixture
def make_app(log: MemoryLog, clock: FixedClock, tmp_path: Path):
    """An app over the mini pack only (no bundled packs), the in-memory log and the fixed clock."""

    def make(**overrides: object) -> CyberdrillApp:
        options = PlayOptions(pack=MINI, log=log, seed=7, clock=clock, reports_dir=tmp_path / "reports",
                              bundled=False)
        for key, value in overrides.items():
            setattr(options, key, value)
        return CyberdrillApp(options)

    return make


@pytest.fixture(autouse=True)
def drafts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's seats keep their drafts in a file of its own, never in the user's data folder."""
    path = tmp_path / "drafts.json"
    monkeypatch.setenv("CYBERDRILL_DRAFTS", str(path))
    return path
