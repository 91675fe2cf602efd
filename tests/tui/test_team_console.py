"""The team console shows what the engine knows: replies awaited, the digests recorded when the session
started, the pack's declared evidence action; and its smaller fixes (issue 10, finding 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import DataTable, Static
from tui_helpers import MINI, FixedClock, screen_text, settle

from cyberdrill.engine.commands import JumpClock, StartClock, TakeAction, WriteInject
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
        note = {"to": RU, "channel": "cert-to-cert", "message": "Mule at Sever bank", "tlp": "TLP:AMBER"}
        await app.send(TakeAction, team=TH, action="notify_partner", fields=note)
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


def delivered(app: CyberdrillApp, n: int, t: int, subject: str, body: str = "Body.", tlp: str = "TLP:AMBER") -> str:
    """A message from a party reaches ThaiCERT at exercise time `t` (seconds), as the log would bring it."""
    from cyberdrill.engine.events import InjectDelivered

    live = app.live
    message = f"X{n}"
    event = InjectDelivered(t=t, message=message, inject=None, sender="th-bank", to=(TH,), channel="phone",
                            tlp=tlp, subject=subject, body=body, cause="adhoc")
    live.log.append(live.id, live.seq, [event])
    live.absorb(live.fetch())
    app.seq = live.seq
    return message


def session_log(session: str, pack: Path = MINI) -> MemoryLog:
    log = MemoryLog()
    drill = DrillService(log, load_pack(pack)).start(seed=7, session_id=session)
    drill.execute(StartClock(at=0))
    return log


def reading(app: CyberdrillApp) -> str | None:
    from cyberdrill.tui.team.reader import Reader

    message = app.screen.query_one(Reader).message
    return message.message if message else None


async def test_the_reader_follows_the_cursor_back_to_the_top_row(tmp_path: Path) -> None:
    from cyberdrill.tui.team.inbox import Inbox

    log = session_log("follow00001")
    drill = DrillService(log, load_pack(MINI)).open("follow00001")
    drill.execute(JumpClock(at=0, to=15 * MINUTE))
    drill.execute(WriteInject(at=15 * MINUTE, sender="th-bank", to=(TH,), channel="phone", subject="Second report",
                              body="A second customer called."))
    app = app_over(MINI, log, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_team(pilot)  # two messages waiting, the cursor on the newest
        inbox = app.screen.query_one(Inbox)
        inbox.focus()
        top = inbox.current_message
        assert top is not None and reading(app) is None  # highlighted, not opened by itself
        await pilot.press("down")
        await settle(pilot)
        below = inbox.current_message
        assert below != top and reading(app) == below
        await pilot.press("up")
        await settle(pilot)
        assert inbox.current_message == top and reading(app) == top  # it used to stay on the lower one


async def test_read_messages_stay_read_after_a_resume(tmp_path: Path) -> None:
    from cyberdrill.tui.team.inbox import Inbox

    log = session_log("resume00001")
    DrillService(log, load_pack(MINI)).open("resume00001").execute(JumpClock(at=0, to=15 * MINUTE))
    app = app_over(MINI, log, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_team(pilot)
        assert "Inbox (1 new)" in screen_text(app)
        app.screen.query_one(Inbox).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Inbox (1 new)" not in screen_text(app)
    again = app_over(MINI, log, tmp_path)  # the seat restarts and resumes the session
    async with again.run_test(size=(120, 40)) as pilot:
        await open_team(pilot)
        shown = screen_text(again)
        assert "Inbox (1 new)" not in shown and "●" not in str(again.screen.query_one(Inbox).get_row_at(0)[0])


async def test_inbox_columns_stay_put_when_a_time_has_seconds(tmp_path: Path) -> None:
    from cyberdrill.tui.team.inbox import Inbox

    for size in ((80, 24), (120, 40)):
        async with app_over(MINI, session_log("seconds0001"), tmp_path).run_test(size=size) as pilot:
            app = pilot.app
            await open_team(pilot)
            delivered(app, 1, 10 * MINUTE, "On the minute")
            delivered(app, 2, 10 * MINUTE + 30, "Thirty seconds past")
            await settle(pilot)
            inbox = app.screen.query_one(Inbox)
            rows = [str(inbox.get_row_at(i)[0]) for i in range(inbox.row_count)]
            assert len({row.index("TLP:") for row in rows}) == 1, rows
            assert len({row.index("Bank" if "Bank" in row else "Siam") for row in rows}) == 1, rows


async def test_the_reader_shows_the_tlp_label_once(tmp_path: Path) -> None:
    from cyberdrill.tui.team.reader import Reader

    app = app_over(MINI, session_log("label000001"), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_team(pilot)
        delivered(app, 1, 60, "TLP:AMBER — Hold placed on the account", "TLP:AMBER\n\nWe placed a 72-hour hold.")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        lines = [strip.crop(reader.region.x, reader.region.right).text
                 for strip in app.screen._compositor.render_strips()[reader.region.y:reader.region.bottom]]
        shown = "\n".join(lines)
        assert "Hold placed on the account" in shown and "We placed a 72-hour hold." in shown
        assert shown.count("TLP:AMBER") == 1, shown  # the badge; not again in the subject, nor the body


def test_each_team_screen_binds_exactly_the_keys_of_its_table() -> None:
    from textual.actions import parse

    from cyberdrill.tui.keys import TEAM_KEYS, table_of
    from cyberdrill.tui.team.attachments import AttachmentScreen
    from cyberdrill.tui.team.history import HistoryScreen
    from cyberdrill.tui.team.team_keys import ATTACHMENT_KEYS, EVIDENCE_KEYS, HISTORY_KEYS

    for screen, table in ((TeamScreen, TEAM_KEYS), (EvidenceScreen, EVIDENCE_KEYS), (HistoryScreen, HISTORY_KEYS),
                          (AttachmentScreen, ATTACHMENT_KEYS)):
        assert table_of(screen.__new__(screen)) is table
        assert {b.id for b in screen.BINDINGS} == {k.id for k in table.keys if k.bind}  # type: ignore[union-attr]
        for key in table.keys:
            namespace, action, _ = parse(key.action)
            assert namespace == "app" or hasattr(screen, f"action_{action}"), (screen, key.action)


async def test_f1_in_the_evidence_locker_explains_the_locker(tmp_path: Path) -> None:
    from tui_helpers import wait_for_text

    pack = evidence_pack(tmp_path)
    app = app_over(pack, session_log("help0000001", pack), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_team(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("f1")
        shown = await wait_for_text(pilot, "The evidence locker")
        assert "The evidence locker" in shown and "register" in shown and "Your team console" not in shown
