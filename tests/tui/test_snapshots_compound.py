"""SVG snapshots with three teams (the regional pack exercises/asean-scam-compound): the instructor console's
grid and a team console stay readable at 80×24 and 120×40 with ThaiCERT, MyCERT and NCCCI playing (issue 18).

The session is read from a recorded log (tests/tui/compound_snapshot_session.py), world included, and the wall
clock does not move. `pytest --snapshot-update tests/tui/test_snapshots_compound.py` accepts a deliberate change.
"""

from __future__ import annotations

import pytest
from compound_snapshot_session import COMPOUND, recorded_log
from tui_helpers import FixedClock, screen_text, settle

from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions

SIZES = [(80, 24), (120, 40)]


def app_with_session(tmp_path) -> CyberdrillApp:
    return CyberdrillApp(PlayOptions(pack=COMPOUND, log=recorded_log(), seed=7, clock=FixedClock(), bundled=False,
                                     reports_dir=tmp_path))


async def resume(pilot) -> None:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_instructor_console_with_three_teams(snap_compare, size, tmp_path) -> None:
    async def check(pilot) -> None:
        await resume(pilot)
        shown = screen_text(pilot.app)
        for short in ("TH", "MY", "RU"):
            assert short in shown, short

    assert snap_compare(app_with_session(tmp_path), terminal_size=size, run_before=check)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_third_team_console(snap_compare, size, tmp_path) -> None:
    async def to_team(pilot) -> None:
        await resume(pilot)
        await pilot.press("f2", "down", "down", "down", "enter")  # the third team's seat: NCCCI
        await settle(pilot)
        assert pilot.app.current_mode == "team-ru-nccci"
        await pilot.press("enter")  # open the message under the cursor
        await settle(pilot)

    assert snap_compare(app_with_session(tmp_path), terminal_size=size, run_before=to_team)
