"""Leaving a session for the launcher, team names that fit, and messages sent by another team."""

from __future__ import annotations

from textual.widgets import DataTable
from tui_helpers import MINI, screen_text, settle, start_session, wait_for_text

from cyberdrill.engine.commands import StartClock, TakeAction
from cyberdrill.engine.events import InjectDelivered
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store import open_log
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.launcher.screen import LauncherScreen
from cyberdrill.tui.team.inbox import Inbox
from cyberdrill.tui.team.screen import TeamScreen
from cyberdrill.tui.view import teams_fit


async def test_ctrl_l_goes_back_to_the_launcher_and_frees_the_clock(make_app, tmp_path) -> None:
    log = open_log(f"sqlite:///{tmp_path / 'drill.db'}")
    app = make_app(log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        assert isinstance(app.screen, InstructorScreen) and app.hosting
        session = app.live.id
        assert [s.holder for s in log.seats(session) if s.seat == "host"] == [app.holder]
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "Back to the launcher?" in screen_text(app)
        await pilot.press("enter")  # Leave
        await settle(pilot)
        assert isinstance(app.screen, LauncherScreen) and app.session is None and not app.hosting
        assert not [s for s in log.seats(session) if s.seat == "host"]  # another console may host it now
        assert session[:8] in await wait_for_text(pilot, session[:8])  # listed, to resume
        # and resuming it seats this terminal again, on fresh consoles
        sessions = app.screen.query_one("#sessions", DataTable)
        sessions.focus()
        sessions.move_cursor(row=sessions.get_row_index(session))
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, InstructorScreen) and app.live.id == session and app.hosting


async def test_the_palette_offers_the_way_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"launcher")
        assert "Back to the launcher" in await wait_for_text(pilot, "Back to the launcher")


def test_long_team_names_shrink_to_what_fits() -> None:
    pack = load_pack(MINI).pack
    long = pack.teams[0].model_copy(update={"name": "ThaiCERT (Thailand's national CERT)"})
    pack = pack.model_copy(update={"teams": [long, *pack.teams[1:]]})
    assert teams_fit(pack, ["th-cert"], 40) == {"th-cert": "ThaiCERT (Thailand's national CERT)"}
    assert teams_fit(pack, ["th-cert"], 24) == {"th-cert": "ThaiCERT (TH)"}
    assert teams_fit(pack, ["th-cert"], 9) == {"th-cert": "ThaiCERT"}
    assert teams_fit(pack, ["th-cert"], 5) == {"th-cert": "TH"}
    assert teams_fit(pack, ["no-such-team"], 5) == {"no-such-team": "no-such-team"}
    # a column never mixes kinds of name
    both = ["th-cert", "ru-cert"]
    assert teams_fit(pack, both, 28) == {"th-cert": "ThaiCERT (TH)", "ru-cert": "Russian national centre (RU)"}
    assert teams_fit(pack, both, 24) == {"th-cert": "ThaiCERT", "ru-cert": "Russian national centre"}
    assert teams_fit(pack, both, 13) == {"th-cert": "TH", "ru-cert": "RU"}


async def test_progress_grid_names_teams_whole_when_wide_and_short_when_narrow(make_app) -> None:
    wide = ("ThaiCERT", "Russian national centre")
    for size, shown, hidden in (((120, 40), wide, None), ((80, 24), ("TH", "RU"), "Russian nat")):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await start_session(pilot)
            grid = app.screen.query_one("#progress", DataTable)
            assert (str(grid.get_row("th-cert")[0]), str(grid.get_row("ru-cert")[0])) == shown
            if hidden:
                assert hidden not in screen_text(app)


def deliver(app, sender: str, subject: str) -> None:
    """A message from `sender` reaches the Russian centre, as the log would bring it."""
    live = app.live
    event = InjectDelivered(t=live.view.t, message=f"X{live.seq + 1}", inject=None, sender=sender,
                            to=("ru-cert",), channel="24-7-network", tlp="TLP:GREEN", subject=subject,
                            body="Body.", cause="team")
    live.absorb([(live.seq + 1, event)])
    app.seq = live.seq


async def test_a_message_from_another_team_shows_the_team_by_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await start_session(pilot)
        app.switch_mode("team-ru-cert")
        await settle(pilot)
        deliver(app, "th-cert", "Mule account details")
        shown = await wait_for_text(pilot, "New message · ThaiCERT")
        assert "New message · ThaiCERT" in shown  # the toast
        inbox = app.screen.query_one(Inbox)
        assert "ThaiCERT" in str(inbox.get_row_at(0)[0]) and "Mule account details" in str(inbox.get_row_at(0)[0])
        await pilot.press("enter")
        assert "ThaiCERT · 24/7 network" in await wait_for_text(pilot, "ThaiCERT · 24/7 network")  # the reader
        deliver(app, "xx-desk", "From a sender the pack does not know")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert "xx-desk" in str(inbox.get_row_at(0)[0])  # shown by its id, no crash
        await pilot.press("t")  # the team's timeline
        await settle(pilot)
        shown = screen_text(app)
        assert "ThaiCERT" in shown and "xx-desk" in shown


async def test_the_instructor_feed_names_the_sending_team(make_app, log) -> None:
    drill = DrillService(log, load_pack(MINI)).start(seed=7, session_id="feedteam0001")
    drill.execute(StartClock(at=0))
    drill.execute(TakeAction(at=60, team="th-cert", action="notify_partner",
                             fields={"to": "ru-cert", "channel": "24-7-network", "message": "Mule at Sever bank",
                                     "tlp": "TLP:AMBER"}))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        delivered = [m for m in app.live.view.messages if m.sender == "th-cert"]
        assert delivered, "the engine delivered the team's message"
        assert "ThaiCERT → RU" in await wait_for_text(pilot, "ThaiCERT → RU")


async def test_join_finds_a_moved_pack_in_the_folder_named_by_packs(make_app, log, tmp_path) -> None:
    import shutil

    from cyberdrill.cli import build_parser

    assert build_parser().parse_args(["join", "abc", "--team", "th-cert", "--packs", "DIR"]).packs == "DIR"
    moved = tmp_path / "packs" / "renamed-folder"  # the folder's name is not the pack's id
    shutil.copytree(MINI, moved)
    host = DrillService(log, load_pack(moved)).start(seed=3, settings={"pack_path": str(tmp_path / "gone")})
    lost = make_app(join_session=host.session_id, join_team="th-cert", pack=None)
    async with lost.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = await wait_for_text(pilot, "Could not join")
        assert "--packs DIR" in " ".join(shown.split())  # says what to do (wherever the paths make it wrap)
    found = make_app(join_session=host.session_id, join_team="th-cert", pack=None, packs_dir=tmp_path / "packs")
    async with found.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(found.screen, TeamScreen) and found.screen.team == "th-cert"
