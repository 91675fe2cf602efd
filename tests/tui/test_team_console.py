"""The team console shows what the engine knows: replies awaited, the digests recorded when the session
started, the pack's declared evidence action; and its smaller fixes (issue 10, finding 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import DataTable, Static
from tui_helpers import MINI, FixedClock, screen_text, settle

from cyberdrill.engine.commands import JumpClock, StartClock, TakeAction
from cyberdrill.engine.queries import recorded_digest
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.forms.action_form import ActionForm
from cyberdrill.tui.options import PlayOptions
from cyberdrill.tui.team.evidence import EvidenceScreen
from cyberdrill.tui.team.screen import TeamScreen

TH, RU = "th-cert", "ru-cert"
MINUTE = 60
EVIDENCE = """
  log_item:
    title: Register an evidence item
    registers_evidence: true
    fields:
      item: {type: attachment, label: Item, required: true}
      digest: {type: sha256, label: SHA-256, required: true}
"""


def evidence_pack(tmp_path: Path) -> Path:
    """The mini pack with a declared evidence action."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    actions = root / "actions.yaml"
    actions.write_text(actions.read_text(encoding="utf-8") + EVIDENCE, encoding="utf-8")
    return root


def app_over(pack: Path, log: MemoryLog, tmp_path: Path) -> CyberdrillApp:
    return CyberdrillApp(PlayOptions(pack=pack, log=log, seed=7, clock=FixedClock(), bundled=False,
                                     reports_dir=tmp_path / "reports"))


async def open_team(pilot, team: str = TH) -> TeamScreen:  # type: ignore[no-untyped-def]
    """Resume the one stored session from the launcher and switch to `team`'s console."""
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    pilot.app.switch_mode(f"team-{team}")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TeamScreen)
    return pilot.app.screen


def case_text(app: CyberdrillApp) -> str:
    return str(app.screen.query_one("#case", Static).render())


async def test_awaiting_reply_is_what_the_engine_has_scheduled(tmp_path: Path) -> None:
    log = MemoryLog()
    drill = DrillService(log, load_pack(MINI)).start(seed=7, session_id="await000001")
    drill.execute(StartClock(at=0))
    # a request no rule answers (no rule for the Thai bank): nothing is coming
    drill.execute(TakeAction(at=60, team=TH, action="freeze_request",
                             fields={"to": "th-bank", "channel": "phone", "account": "1" * 20, "amount": "10"}))
    app = app_over(MINI, log, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_team(pilot)
        assert "Awaiting reply 0" in case_text(app)  # it used to wait forever
        # a message to the other team is not its own answer
        app.send(TakeAction, team=TH, action="notify_partner",
                 fields={"to": RU, "channel": "cert-to-cert", "message": "Mule at Sever bank", "tlp": "TLP:AMBER"})
        await settle(pilot)
        assert "Awaiting reply 1" in case_text(app)
        await pilot.press("s")  # sent items say the same
        await settle(pilot)
        sent = app.screen.query_one("#sent-table", DataTable)
        replies = [str(sent.get_row_at(i)[4]) for i in range(sent.row_count)]
        assert replies == ["awaiting", "—"]  # newest first: the team message, then the unanswered request


async def test_the_locker_shows_the_recorded_digest_after_a_pack_edit(tmp_path: Path) -> None:
    pack = evidence_pack(tmp_path)
    log = MemoryLog()
    drill = DrillService(log, load_pack(pack)).start(seed=7, session_id="digest00001")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=15 * MINUTE))  # the victim's call brings statement.csv
    recorded = recorded_digest(drill.state, "statement.csv")
    assert recorded is not None
    (pack / "attachments" / "statement.csv").write_text("date,amount\n2026-11-23,1\n", encoding="utf-8")
    for size in ((80, 24), (120, 40)):
        app = app_over(pack, log, tmp_path)
        async with app.run_test(size=size) as pilot:
            await open_team(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, EvidenceScreen)
            shown = screen_text(app)
            # the whole digest as recorded, even at 80 columns (in two halves there)
            if size[0] >= 120:
                assert recorded in shown
            else:
                assert recorded[:32] in shown and recorded[32:] in shown
            await pilot.press("g")  # register it: the declared action, pre-filled
            await settle(pilot)
            assert isinstance(app.screen, ActionForm)
            assert "Register an evidence item" in screen_text(app)
            assert app.screen.collect() == {"item": "statement.csv", "digest": recorded}
            await pilot.press("escape")
            await settle(pilot)
