"""SVG snapshots with three teams (the regional pack exercises/asean-scam-compound): the instructor console's
grid and a team console stay readable at 80×24 and 120×40 with ThaiCERT, MyCERT and NCCCI playing (issue 18).

The session is read from a recorded log (tests/tui/compound_snapshot_session.py), world included, and the wall
clock does not move. `pytest --snapshot-update tests/tui/test_snapshots_compound.py` accepts a deliberate change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from compound_snapshot_session import COMPOUND, recorded_log
from textual.pilot import Pilot
from tui_helpers import FixedClock, screen_text, settle

from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.instructor.feed import EventFeed
from cyberdrill.tui.options import PlayOptions

SIZES = [(80, 24), (120, 40)]


def app_with_session(tmp_path: Path) -> CyberdrillApp:
    return CyberdrillApp(PlayOptions(pack=COMPOUND, log=recorded_log(), seed=7, clock=FixedClock(), bundled=False,
                                     reports_dir=tmp_path))


async def resume(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("o")
    await steady(pilot)


async def steady(pilot: Pilot[Any]) -> None:
    """Settle, then until the screen reads the same twice and the event feed (longer than its panel with
    three teams) has scrolled to its end: a snapshot must not catch the feed mid-scroll."""
    await settle(pilot)
    last = None
    for _ in range(40):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)
        feeds = pilot.app.screen.query(EventFeed)
        shown = screen_text(pilot.app)
        if shown == last and all(feed.scroll_y == feed.max_scroll_y for feed in feeds):
            return
        last = shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_instructor_console_with_three_teams(snap_compare: Any, size: tuple[int, int], tmp_path: Path) -> None:
    async def check(pilot: Pilot[Any]) -> None:
        await resume(pilot)
        shown = screen_text(pilot.app)
        for short in ("TH", "MY", "RU"):
            assert short in shown, short

    assert snap_compare(app_with_session(tmp_path), terminal_size=size, run_before=check)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_third_team_console(snap_compare: Any, size: tuple[int, int], tmp_path: Path) -> None:
    async def to_team(pilot: Pilot[Any]) -> None:
        await resume(pilot)
        await pilot.press("f2", "down", "down", "down", "enter")  # the third team's seat: NCCCI
        await settle(pilot)
        assert pilot.app.current_mode == "team-ru-nccci"
        await pilot.press("enter")  # open the message under the cursor
        await steady(pilot)

    assert snap_compare(app_with_session(tmp_path), terminal_size=size, run_before=to_team)
