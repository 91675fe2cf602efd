"""One key table per screen: the footer, the palette and F1 are generated from it and cannot drift."""

from __future__ import annotations

from textual.actions import parse
from textual.app import App
from textual.screen import Screen
from tui_helpers import screen_text, settle, start_session, wait_for_text

from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.help import HelpScreen
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.keys import APP_KEYS, INSTRUCTOR_KEYS, LAUNCHER_KEYS, TEAM_KEYS, KeyTable, table_of
from cyberdrill.tui.launcher.screen import LauncherScreen
from cyberdrill.tui.team.screen import TeamScreen

SCREENS: list[tuple[type[App[None]] | type[Screen[None]], KeyTable]] = [
    (CyberdrillApp, APP_KEYS), (LauncherScreen, LAUNCHER_KEYS), (InstructorScreen, INSTRUCTOR_KEYS),
    (TeamScreen, TEAM_KEYS),
]


def test_each_screen_binds_exactly_the_keys_of_its_table_and_every_key_runs_an_action() -> None:
    for screen, table in SCREENS:
        assert table_of(screen.__new__(screen)) is table
        bound = {b.id for b in screen.BINDINGS if not isinstance(b, tuple)}  # type: ignore[union-attr]
        assert bound == {k.id for k in table.keys if k.bind}, screen
        for key in table.keys:
            namespace, action, _ = parse(key.action)
            owner = CyberdrillApp if namespace == "app" or screen is CyberdrillApp else screen
            assert hasattr(owner, f"action_{action}"), (screen, key.action)
            assert key.help, key.id


def test_help_lists_every_key_of_the_table_and_the_team_help_says_where_the_inbox_is() -> None:
    text = INSTRUCTOR_KEYS.help_markdown()
    for key in INSTRUCTOR_KEYS.keys:
        assert f"| `{key.shown_as}` |" in text
    assert "`+`" in text and "`/`" in TEAM_KEYS.help_markdown()
    assert "Inbox** (left" in TEAM_KEYS.help_markdown(120)
    assert "left" not in TEAM_KEYS.help_markdown(80) and "Inbox** (at the top" in TEAM_KEYS.help_markdown(80)


async def test_f1_shows_the_help_of_the_screen_the_user_is_on(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "The launcher" in shown and "instructor console" not in shown
        await pilot.press("escape")
        await start_session(pilot)
        assert isinstance(app.screen, InstructorScreen)
        await pilot.press("f1")
        shown = await wait_for_text(pilot, "The instructor console")
        assert "Your team console" not in shown
        await pilot.press("escape", "f2")
        await pilot.pause()
        await pilot.press("down", "enter")  # the first team's console
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen) and help_screen.tables == (TEAM_KEYS, APP_KEYS)
        shown = await wait_for_text(pilot, "Your team console")
        assert "Inbox (left" not in shown and "The instructor console" not in shown


async def test_the_palette_offers_each_key_of_the_instructor_table_and_runs_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Clock: start")
        await wait_for_text(pilot, "Clock: start, pause or resume")
        await pilot.press("enter")
        await settle(pilot)
        assert app.live.view.clock.running  # the palette ran the same action as space
        for title, _ in INSTRUCTOR_KEYS.palette_keys():
            assert title  # every entry has a name a user can type
