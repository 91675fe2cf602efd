"""SVG snapshots of the launcher, a team console and the instructor console at 80×24 and 120×40.

Fixed seed, fixed session id and a wall clock that does not move, so nothing on screen depends on when
the test runs. `pytest --snapshot-update tests/tui/test_snapshots.py` accepts a deliberate change.
"""

from __future__ import annotations

import pytest
from tui_helpers import MINI, FixedClock, settle

from cyberdrill.engine.commands import JumpClock, StartClock, TakeAction
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions

SIZES = [(80, 24), (120, 40)]


def app_with_session(tmp_path) -> CyberdrillApp:
    """A stored session an hour in: two injects delivered, one action taken."""
    log = MemoryLog()
    drill = DrillService(log, load_pack(MINI)).start(seed=7, session_id="snap0001cafe")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=40 * 60))
    drill.execute(TakeAction(at=40 * 60, team="th-cert", action="classify",
                             fields={"rsit": "fraud/phishing", "tlp": "TLP:AMBER"}))
    drill.execute(JumpClock(at=40 * 60, to=55 * 60))
    return CyberdrillApp(PlayOptions(pack=MINI, log=log, seed=7, clock=FixedClock(), bundled=False,
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
