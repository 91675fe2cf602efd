"""SVG snapshots of the launcher, a team console and the instructor console at 80×24 and 120×40.

The session is read from a recorded log (tests/tui/snapshot_session.py), world included, and the wall
clock does not move, so nothing on screen depends on when the test runs or on the installed Faker.
`pytest --snapshot-update tests/tui/test_snapshots.py` accepts a deliberate change.
"""

from __future__ import annotations

import pytest
from snapshot_session import recorded_log
from tui_helpers import MINI, FixedClock, settle

from cyberdrill.store.base import MemoryLog
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions

SIZES = [(80, 24), (120, 40)]


def app_with_session(tmp_path) -> CyberdrillApp:
    """A stored session an hour in (two injects delivered, one action taken), read from its recorded log."""
    return CyberdrillApp(PlayOptions(pack=MINI, log=recorded_log(), seed=7, clock=FixedClock(), bundled=False,
                                     reports_dir=tmp_path))


async def resume(pilot) -> None:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_launcher(snap_compare, size, tmp_path) -> None:
    app = CyberdrillApp(PlayOptions(pack=MINI, log=MemoryLog(), seed=7, clock=FixedClock(), bundled=False,
                                    reports_dir=tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_instructor_console(snap_compare, size, tmp_path) -> None:
    assert snap_compare(app_with_session(tmp_path), terminal_size=size, run_before=resume)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_team_console(snap_compare, size, tmp_path) -> None:
    async def to_team(pilot) -> None:
        await resume(pilot)
        await pilot.press("f2", "down", "enter")
        await settle(pilot)
        await pilot.press("enter")  # open the message under the cursor
        await settle(pilot)

    assert snap_compare(app_with_session(tmp_path), terminal_size=size, run_before=to_team)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_action_form(snap_compare, size, tmp_path) -> None:
    async def to_form(pilot) -> None:
        await resume(pilot)
        await pilot.press("f2", "down", "enter")
        await settle(pilot)
        await pilot.press("a", "down", "enter")
        await settle(pilot)

    assert snap_compare(app_with_session(tmp_path), terminal_size=size, run_before=to_form)
