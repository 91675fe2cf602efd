"""Hostile trainee text reaches the other team's console as data (issue 12, item 1, the team side).

In hot-seat, ThaiCERT sends the Russian centre a team-to-team message whose subject and body are each string
of tests/hostile_strings.py; the Russian console's toast, inbox, reader and timeline, and ThaiCERT's sent
items, show it as written (control characters stripped), nothing crashes, no rendered segment carries a link
or a click action, and no control character is in what would be written to the terminal. A 1 MB subject and
body (as an imported log could carry: the engine refuses such a field) arrive the same way.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from hostile_strings import ALL, HUGE
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets._toast import Toast
from tui_helpers import MINI, FixedClock, settle, start_session

from cyberdrill.engine.commands import CommandRefused, JumpClock, StartClock, TakeAction
from cyberdrill.engine.events import InjectDelivered
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.textsafe import control_characters, strip_controls
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions
from cyberdrill.tui.team.inbox import Inbox
from cyberdrill.tui.team.reader import Reader
from cyberdrill.tui.team.screen import TeamScreen

TH, RU = "th-cert", "ru-cert"
NOTE = """
  team_note:
    title: Write to a partner team
    fields:
      to: {type: party, label: To, required: true}
      channel: {type: channel, label: Channel, required: true}
      tlp: {type: tlp, label: TLP, required: true}
      subject: {type: text, label: Subject, required: true}
      body: {type: longtext, label: Message, required: true}
"""


def note_pack(tmp_path: Path) -> Path:
    """The mini pack with an action that writes a subject and a body to another team."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    actions = root / "actions.yaml"
    actions.write_text(actions.read_text(encoding="utf-8") + NOTE, encoding="utf-8")
    return root


def note_app(tmp_path: Path) -> CyberdrillApp:
    return CyberdrillApp(PlayOptions(pack=note_pack(tmp_path), log=MemoryLog(), seed=7, clock=FixedClock(),
                                     reports_dir=tmp_path / "reports", bundled=False))


def strips_of(widget: Widget) -> list[Strip]:
    """What `widget` (and what is drawn over it: a toast) puts on the terminal, line by line."""
    region = widget.region
    out = []
    for y, strip in enumerate(widget.app.screen._compositor.render_strips()):
        if region.y <= y < region.bottom:
            out.append(strip.crop(region.x, region.right))
    return out


def text_of(widget: Widget) -> str:
    return "\n".join(strip.text for strip in strips_of(widget))


def assert_inert(widget: Widget) -> None:
    """No link, no click action and no control character in what `widget` draws."""
    for strip in strips_of(widget):
        assert not control_characters(strip.text), repr(strip.text)
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert not style.link, f"a link in {widget!r}: {segment.text!r}"
            assert "@click" not in (style.meta or {}), f"a click action in {widget!r}: {segment.text!r} {style.meta}"


def toast_texts(app: CyberdrillApp) -> list[str]:
    """The text each toast on screen shows (title and message)."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def shown(text: str, width: int) -> str:
    """The start of `text` as a panel `width` cells wide would show it: controls stripped, spaces squeezed
    (so a check does not depend on where the panel wraps)."""
    return " ".join(strip_controls(text).split())[: max(width - 10, 8)]


def squeeze(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


async def send_or_deliver(app: CyberdrillApp, n: int, text: str) -> bool:
    """ThaiCERT writes `text` as subject and body to the Russian centre through the engine; a text the
    engine refuses arrives instead as a message in the log would (True when the engine took it)."""
    fields = {"to": RU, "channel": "cert-to-cert", "tlp": "TLP:AMBER", "subject": text, "body": text}
    try:
        await app.send(TakeAction, team=TH, action="team_note", fields=fields)
        return True
    except CommandRefused:
        deliver(app, n, text, text)
        return False


def deliver(app: CyberdrillApp, n: int, subject: str, body: str) -> None:
    live = app.live
    event = InjectDelivered(t=live.view.t, message=f"X{n}", inject=None, sender=TH, to=(RU,),
                            channel="cert-to-cert", tlp="TLP:AMBER", subject=subject, body=body, cause="team")
    live.log.append(live.id, live.seq, [event])  # as an imported log (or another process) would bring it
    live.absorb(live.fetch())
    app.seq = live.seq


async def to_console(pilot, team: str) -> TeamScreen:  # type: ignore[no-untyped-def]
    pilot.app.switch_mode(f"team-{team}")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TeamScreen) and screen.team == team
    return screen


async def test_hostile_team_messages_arrive_as_data(tmp_path: Path) -> None:
    app = note_app(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await start_session(pilot)
        await to_console(pilot, RU)
        await to_console(pilot, TH)
        for n, text in enumerate(ALL):
            engine = await send_or_deliver(app, n, text)
            await settle(pilot)
            ru = await to_console(pilot, RU)  # the Russian console comes to the front: the toast
            toasts = toast_texts(app)
            assert any(shown(text, 40) in squeeze(t) for t in toasts), (text, toasts)
            for toast in app.screen.query(Toast):
                assert_inert(toast)
            inbox = ru.query_one(Inbox)
            assert shown(text, 40)[:12] in squeeze(text_of(inbox)), text
            assert_inert(inbox)
            inbox.focus()
            await pilot.press("home", "enter")  # open the newest message, on top
            await settle(pilot)
            reader = ru.query_one(Reader)
            assert shown(text, 60) in squeeze(text_of(reader.query_one("#reader-subject"))), text
            # the body is Markdown (the engine writes a team message's fields under their labels): its
            # words show, whatever punctuation Markdown reads as emphasis or escapes
            body = squeeze(text_of(reader.query_one("#reader-body")))
            assert "Message:" in body or not engine  # a message from the log carries the text alone
            assert all(word in body for word in strip_controls(text).split() if word.isalnum()), (text, body)
            assert_inert(reader)
            app.clear_notifications()
            await pilot.press("t")  # the Russian timeline
            await settle(pilot)
            timeline = app.screen.query_one("#timeline-table", DataTable)
            assert shown(text, 30)[:12] in squeeze(text_of(timeline)), text
            assert_inert(timeline)
            await pilot.press("escape")
            th = await to_console(pilot, TH)
            if engine:  # ThaiCERT's sent items show what it wrote
                await pilot.press("s")
                await settle(pilot)
                detail = app.screen.query_one("#sent-detail", Static)
                assert shown(text, 60) in squeeze(text_of(detail)), text
                assert_inert(detail)
                assert_inert(app.screen.query_one("#sent-table", DataTable))
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, TeamScreen) and app.screen is th
            app.clear_notifications()


async def test_a_megabyte_subject_and_body_arrive_without_stalling(tmp_path: Path) -> None:
    [huge] = HUGE
    app = note_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_session(pilot)
        ru = await to_console(pilot, RU)
        began = time.monotonic()
        deliver(app, 1, huge, huge)
        await settle(pilot)
        inbox = ru.query_one(Inbox)
        inbox.focus()
        await pilot.press("home", "enter")
        await settle(pilot)
        elapsed = time.monotonic() - began
        assert elapsed < 10, f"a 1 MB message took {elapsed:.1f} s to show"
        assert any("xxxxxxxxxx" in t and len(t) < 1000 for t in toast_texts(app))  # the toast shows its start
        assert "xxxxxxxxxx" in text_of(inbox) and "xxxxxxxxxx" in text_of(ru.query_one(Reader))
        for widget in (inbox, ru.query_one(Reader)):
            assert_inert(widget)
        await pilot.press("t")
        await settle(pilot)
        assert "xxxxxxxxxx" in text_of(app.screen.query_one("#timeline-table", DataTable))


def hostile_pack(tmp_path: Path) -> Path:
    """The mini pack with a title, an attachment name and an attachment text written to break consoles."""
    root = note_pack(tmp_path)
    pack_yaml = root / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    text = text.replace('title: "Mini drill: a phished transfer to a Russian mule account"',
                        "title: \"[@click=app.quit]Quit[/] [link=file:///etc/passwd]drill[/link]\"")
    text = text.replace("  statement.csv:\n", "  \"[bold red]statement[/].csv\":\n")
    pack_yaml.write_text(text, encoding="utf-8")
    for name in ("injects.yaml", "steps.yaml", "solution.yaml"):
        path = root / name
        path.write_text(path.read_text(encoding="utf-8").replace("statement.csv", "'[bold red]statement[/].csv'"),
                        encoding="utf-8")
    # the file is a Jinja2 template: the catalogue's template syntax is left out
    (root / "attachments" / "statement.csv").write_text("\n".join(lines_of_attachment()) + "\n", encoding="utf-8")
    return root


async def test_hostile_pack_text_in_titles_locker_and_attachment_viewer(tmp_path: Path) -> None:
    from cyberdrill.tui.team.attachments import AttachmentScreen
    from cyberdrill.tui.team.evidence import EvidenceScreen

    root = hostile_pack(tmp_path)
    log = MemoryLog()
    drill = DrillService(log, load_pack(root)).start(seed=7, session_id="hostilepack1")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=15 * 60))  # the victim's call brings the attachment
    # a seat of ThaiCERT (`cyberdrill join`): the launcher's list of packs is not the team console's
    app = CyberdrillApp(PlayOptions(pack=root, log=log, seed=7, clock=FixedClock(), join_session="hostilepack1",
                                    join_team=TH, reports_dir=tmp_path / "reports", bundled=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        team = app.screen
        assert isinstance(team, TeamScreen)
        header = team.query_one("#header")
        assert "[@click=app.quit]Quit[/]" in text_of(header)
        assert_inert(header)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        locker = app.screen.query_one("#evidence", DataTable)
        assert "[bold red]statement[/].csv" in text_of(locker)
        assert_inert(locker)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentScreen)
        viewer = app.screen.query_one("#attachment-text")
        shown_text = text_of(viewer)
        for line in lines_of_attachment():
            assert strip_controls(line)[:40] in shown_text, line
        assert_inert(viewer)
        assert "[bold red]statement[/].csv" in text_of(app.screen.query_one("#header"))


def lines_of_attachment() -> list[str]:
    """The catalogue as lines of an attachment: not its template syntax (the file is Jinja2), nor NUL (the
    loader refuses a file holding one), nor a CR (a line break in a file)."""
    return [s for s in ALL if not any(c in s for c in "{%\x00\r")]
