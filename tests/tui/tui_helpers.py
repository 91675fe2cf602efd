"""Helpers for the TUI's tests: a wall clock that moves only when told, and reading the screen as a user
sees it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "mini"


class FixedClock:
    """A wall clock for tests: it reads the same until `advance` moves it."""

    def __init__(self) -> None:
        self.at = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def screen_text(app: App) -> str:
    """Everything on the terminal, as text (what a user reads). Textual has no public "screen as text"
    (export_screenshot gives SVG), so this reads the screen's compositor; test_textual_canaries.py checks
    it still works."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot) -> None:
    """Let background workers (pack loading, session start, polling) finish and the screen repaint."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for_text(pilot: Pilot, text: str, seconds: float = 15.0) -> str:
    """Pause until `text` is on screen, at most `seconds` (polling consoles on a loaded machine take a
    while); return the screen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
        await pilot.pause(0.05)
    return screen_text(pilot.app)


async def start_session(pilot: Pilot) -> None:
    """From the launcher: n, accept the dialog's defaults (seed 7, both teams, hot-seat), start."""
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)
