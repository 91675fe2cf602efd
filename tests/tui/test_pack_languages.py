"""The consoles show each team's messages in its language (the pack's translations, recorded in the log):
ThaiCERT's inbox in Thai and the Russian centre's in Russian on the test pack tests/fixtures/packs/polyglot;
the instructor's feed in the instructor's language."""

from __future__ import annotations

from pathlib import Path

from test_team_console import app_over, open_team
from tui_helpers import MINI, screen_text, settle

from cyberdrill.engine.commands import JumpClock, StartClock
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.tui.team.inbox import Inbox
from cyberdrill.tui.view import event_line

POLYGLOT = MINI.parent / "polyglot"


def _log() -> MemoryLog:
    log = MemoryLog()
    drill = DrillService(log, load_pack(POLYGLOT)).start(seed=7, session_id="polyglot001")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=35 * 60))  # the joint briefing, the victim's call, the preservation ask
    return log


async def test_each_team_console_shows_its_messages_in_its_language(tmp_path: Path) -> None:
    app = app_over(POLYGLOT, _log(), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_team(pilot, "th-cert")
        thai = screen_text(app)
        assert "เปิดคดี: แผงฟิชชิง" in thai and "Case opened" not in thai
        app.switch_mode("team-ru-cert")
        await settle(pilot)
        russian = screen_text(app)
        assert "Просим обеспечить" in russian and "Please preserve" not in russian
        assert "Заведено дело" in russian
        inbox = app.screen.query_one(Inbox)
        inbox.focus()
        await pilot.press("down", "up")  # open the preservation request: the reader shows it in Russian
        await settle(pilot)
        assert "размещена у" in screen_text(app)


def test_the_instructor_feed_shows_a_message_in_the_language_chosen() -> None:
    drill = DrillService(_log(), load_pack(POLYGLOT)).open("polyglot001")
    briefing = next(m for m in drill.state.messages if m.inject == "joint-briefing")
    pack = load_pack(POLYGLOT).pack
    assert "Case opened" in event_line(pack, briefing, "en").plain
    assert "Заведено дело" in event_line(pack, briefing, "ru").plain
    assert "เปิดคดี" in event_line(pack, briefing, "th").plain
