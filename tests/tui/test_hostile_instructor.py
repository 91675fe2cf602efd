"""Trainee text is data in the instructor console, and a team seat cannot reach the instructor's
(issue 12, items 1 and 2): every string of tests/hostile_strings.py through a team-to-team subject and an
ad-hoc inject."""

from __future__ import annotations

from pathlib import Path

from hostile_strings import ALL, MARKUP
from rich.style import Style
from tui_helpers import MINI, screen_text, settle, wait_for_text

from cyberdrill.engine.commands import CommandRefused, TakeAction, WriteInject
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.textsafe import strip_controls
from cyberdrill.tui.instructor.feed import EventFeed
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.team.screen import TeamScreen

FLAGSHIP = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"
CLICK = "[@click=app.switch_mode('instructor')]Open the attached evidence[/]"


def hostile_session(log) -> list[str]:
    """A flagship session in which ThaiCERT wrote each hostile subject to NCCCI and the instructor wrote
    each as the bank; the subjects the engine accepted."""
    drill = DrillService(log, load_pack(FLAGSHIP)).start(seed=5)
    accepted = []
    for n, text in enumerate(ALL):
        try:
            drill.execute(TakeAction(at=60 + n, team="th-thaicert", action="notify",
                                     fields={"to": "ru-nccci", "channel": "cert-to-cert", "tlp": "TLP:AMBER",
                                             "subject": text}))
            drill.execute(WriteInject(at=60 + n, sender="th-bank-fraud", to=("th-thaicert",),
                                      channel="cert-to-cert", tlp="TLP:GREEN", subject=text, body=text))
        except CommandRefused:  # the engine's boundary may refuse one (NUL); the rest must show
            continue
        accepted.append(text)
    return accepted


def no_style_link_or_click(feed: EventFeed) -> None:
    for strip in feed.lines:
        for segment in strip:
            style = segment.style or Style()
            assert not style.link, segment
            assert not any(str(key).startswith("@") for key in (style.meta or {})), segment


async def test_hostile_subjects_show_as_written_in_the_instructor_console_and_a_resume_works(make_app, log) -> None:
    accepted = hostile_session(log)
    assert set(MARKUP) <= set(accepted)
    for _ in range(2):  # the first opening, then a resume of the same session
        app = make_app(pack=FLAGSHIP)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("tab", "o")
            await settle(pilot)
            assert isinstance(app.screen, InstructorScreen)
            feed = app.screen.query_one(EventFeed)
            kept = [line.plain for line in feed._kept]
            for text in accepted:
                shown = strip_controls(text)
                assert sum(shown in line for line in kept) >= 2, text  # the team's message and the bank's
            assert not any("\x1b" in line for line in kept)
            no_style_link_or_click(feed)
            screen_text(app)  # the whole screen renders


async def test_a_team_seat_has_no_instructor_mode_and_a_clickable_subject_opens_nothing(make_app, log) -> None:
    host = DrillService(log, load_pack(MINI)).start(seed=3, settings={"seating": "hosted"})
    app = make_app(join_session=host.session_id, join_team="th-cert")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert [mode for mode, _ in app.seat_modes()] == ["team-th-cert"]
        host.execute(WriteInject(at=0, sender="th-bank", to=("th-cert",), channel="bank-to-bank",
                                 subject=CLICK, body="see attachment"))
        await wait_for_text(pilot, "[@click=app.switch_mode")  # the subject arrives as written (cut to the column)
        for _ in range(40):
            toasts = app.screen.query("Toast")
            if toasts:
                break
            await pilot.pause(0.05)
        assert toasts, "the new message is announced"
        await pilot.click(toasts.first())
        await pilot.pause()
        await app.run_action("app.switch_mode('instructor')")  # what the subject asked for, run directly
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen) and app.current_mode == "team-th-cert"


async def test_the_palette_shows_a_pack_action_title_as_written(make_app, tmp_path) -> None:
    import shutil

    from tui_helpers import start_session

    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    actions = pack / "actions.yaml"
    title = "[bold red]not bold[/bold red] Classify"
    actions.write_text(actions.read_text(encoding="utf-8").replace(
        "title: Classify the incident", f"title: {title!r}"), encoding="utf-8")
    app = make_app(pack=pack)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Classify")
        shown = await wait_for_text(pilot, "not bold[/bold red]")
        assert f"Act: {title}" in shown
