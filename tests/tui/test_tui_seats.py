"""Multi-seat and the instructor seat: joining a shared session as a team, and the passphrase."""

from __future__ import annotations

from textual.widgets import Input
from tui_helpers import MINI, screen_text, settle, wait_for_text

from cyberdrill.engine.commands import FireInject
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.launcher.passphrase import PassphraseDialog
from cyberdrill.tui.team.screen import TeamScreen


async def test_join_shows_events_from_another_terminal(make_app, log) -> None:
    host = DrillService(log, load_pack(MINI)).start(seed=3, settings={"seating": "hosted"})
    app = make_app(join_session=host.session_id[:6], join_team="th-cert")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.team == "th-cert"
        assert app.current_mode == "team-th-cert" and app.seat_modes() == [("team-th-cert", "ThaiCERT (TH) console")]
        # the instructor, in another process, fires an inject: the joined console polls the log
        host.execute(FireInject(at=0, inject="victim-call"))
        assert "Inbox (1 new)" in await wait_for_text(pilot, "Inbox (1 new)")
        assert not app.hosting  # a team seat never drives the clock


async def test_join_names_an_unknown_team(make_app, log) -> None:
    host = DrillService(log, load_pack(MINI)).start(seed=3)
    app = make_app(join_session=host.session_id, join_team="fr-cert")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = await wait_for_text(pilot, "Could not join")
        assert "team 'fr-cert' does not play" in shown


async def test_resuming_as_instructor_asks_for_the_passphrase(make_app, log) -> None:
    from cyberdrill.store.seats import PASSPHRASE_SETTING, hash_passphrase

    DrillService(log, load_pack(MINI)).start(seed=3, settings={PASSPHRASE_SETTING: hash_passphrase("bangkok")})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PassphraseDialog)
        await pilot.press(*"moscow", "enter")
        await pilot.pause()
        assert "not the session's passphrase" in screen_text(app)
        assert app.screen.query_one(Input).value == ""
        await pilot.press(*"bangkok", "enter")
        await settle(pilot)
        assert isinstance(app.screen, InstructorScreen)
        assert "seed 3" in screen_text(app)


async def test_a_joined_seat_says_when_the_clock_host_is_gone_and_its_clock_stands_still(make_app, clock,
                                                                                           tmp_path) -> None:
    from cyberdrill.engine.commands import StartClock
    from cyberdrill.service import open_store
    from cyberdrill.store.seats import HOST_SEAT

    log = open_store(f"sqlite:///{tmp_path / 'drill.db'}")
    host = DrillService(log, load_pack(MINI)).start(seed=3, settings={"seating": "hosted"})
    host.execute(StartClock(at=0, wall_at=clock.at.isoformat()))
    # the instructor's console took the clock-host seat and was then killed: its last heartbeat is old
    log.claim_seat(host.session_id, HOST_SEAT, "instructor-pc:1", exclusive=True, now=clock.at.timestamp() - 60)
    app = make_app(log=log, join_session=host.session_id, join_team="th-cert")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = await wait_for_text(pilot, "clock host offline")
        assert "clock host offline" in shown and "▶" not in shown.splitlines()[0]
        before = app.now
        clock.advance(600)  # ten minutes of wall time: the clock does not move without its host
        await pilot.pause(1.2)
        assert app.now == before
        # the host comes back
        log.heartbeat(host.session_id, HOST_SEAT, "instructor-pc:1", now=clock.at.timestamp())
        for _ in range(40):
            await pilot.pause(0.1)
            if "clock host offline" not in screen_text(app).splitlines()[0]:
                break
        assert "clock host offline" not in screen_text(app).splitlines()[0]
        assert app.now > before


def test_the_instructor_seat_opens_only_with_the_passphrase_checked_by_the_service(log, clock) -> None:
    import pytest

    from cyberdrill.service import passphrase_settings
    from cyberdrill.tui.launcher.opening import WrongPassphrase, open_session

    loaded = load_pack(MINI)
    host = DrillService(log, loaded).start(seed=3, settings=passphrase_settings("bangkok"))
    info = log.session(host.session_id)
    with pytest.raises(WrongPassphrase):
        open_session(log, loaded, info, clock)  # no passphrase: no instructor seat
    with pytest.raises(WrongPassphrase):
        open_session(log, loaded, info, clock, passphrase="moscow")
    assert open_session(log, loaded, info, clock, passphrase="bangkok").seating.instructor
    assert not open_session(log, loaded, info, clock, team="th-cert").seating.instructor  # a team needs none
