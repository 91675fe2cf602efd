"""The hot wash with two team seats: the instructor opens it, each joined team seat answers its own form
(it cannot answer for the other team), the instructor sees the answers arrive; after the end a team seat's
debrief shows only that team."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select
from textual.worker import WorkerCancelled
from tui_helpers import MINI, screen_text, wait_for_text
from tui_helpers import settle as settle_once

from cyberdrill.engine import commands as cmd
from cyberdrill.engine import events as ev
from cyberdrill.engine.debrief import hot_wash_answers
from cyberdrill.pack.load import load_pack
from cyberdrill.script import play_script
from cyberdrill.service import Drill, DrillService
from cyberdrill.tui.instructor.debrief import DebriefScreen
from cyberdrill.tui.instructor.hotwash import HotWashScreen
from cyberdrill.tui.team.debrief import TeamDebriefScreen
from cyberdrill.tui.team.hotwash_form import HotWashForm
from cyberdrill.tui.team.screen import TeamScreen

LOADED = load_pack(MINI)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """tui_helpers.settle, again when a poll worker was cancelled while it waited (an exclusive poll
    replaces a slow one on a loaded machine: nothing went wrong, the next poll does the work)."""
    for _ in range(5):
        try:
            await settle_once(pilot)
            return
        except WorkerCancelled:
            await pilot.pause(0.1)
    await settle_once(pilot)


def ended_hosted(log) -> Drill:  # type: ignore[no-untyped-def]
    """A hosted mini session, played without the freeze request and ended."""
    drill = DrillService(log, LOADED).start(seed=3, settings={"seating": "hosted"})
    script = [e for e in LOADED.scripts["solution"] if e.action != "freeze_request"]
    assert play_script(drill, script, end=True) == []
    return drill


async def answer_as(make_app, session: str, team: str, lines: list[str], comment: str = "",  # type: ignore[no-untyped-def]
                    anonymous: bool = False) -> None:
    app = make_app(join_session=session, join_team=team)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.team == team
        assert "Hot wash" in screen_text(app)  # the footer offers the form once the hot wash is open
        await pilot.press("h")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HotWashForm)
        assert form.objectives == [o for o in ("triage", "recovery", "cooperation")
                                   if any(s.team == team and s.objective == o for s in LOADED.pack.steps)]
        for n, line in enumerate(lines):
            if n:
                await pilot.press("enter")
            await pilot.press(*line)
        form.query_one("#hw-rate-0", Select).value = 4
        if comment:
            form.query_one("#hw-comment", Input).value = comment
            form.query_one("#hw-anonymous", Checkbox).value = anonymous
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        # this seat cannot answer for the other team: the engine refuses, nothing is recorded
        other = "ru-cert" if team == "th-cert" else "th-cert"
        before = app.live.seq
        try:
            await app.send(cmd.AnswerHotWash, team=other, seat=team, went_well=("forged",))
        except cmd.CommandRefused as refused:
            assert "cannot answer for" in refused.message
        else:
            raise AssertionError("a seat answered for another team")
        assert app.live.seq == before


async def test_two_team_seats_answer_and_the_instructor_sees_both(make_app, log) -> None:
    drill = ended_hosted(log)
    drill.execute(cmd.OpenHotWash(at=0))  # the instructor, at another terminal
    await answer_as(make_app, drill.session_id, "th-cert", ["froze nothing", "but classified fast"],
                    comment="we were tired", anonymous=True)
    await answer_as(make_app, drill.session_id, "ru-cert", ["preserved the logs"])
    drill.refresh()
    answers = hot_wash_answers(drill.state)
    assert [(a.team, a.went_well) for a in answers] == [
        ("th-cert", ("froze nothing", "but classified fast")), ("ru-cert", ("preserved the logs",))]
    assert answers[0].ratings == {"triage": 4} and answers[1].ratings == {"cooperation": 4}

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HotWashScreen)
        shown = screen_text(app)
        assert "Answers (2 of 2)" in shown and "froze nothing" in shown and "preserved the logs" in shown
        # the anonymous comment is listed apart, not under ThaiCERT's answer
        assert "Anonymous comments" in shown and "we were tired" in shown
        assert "Comment (anonymous)" not in shown


async def test_the_instructor_opens_the_hot_wash_and_sees_an_answer_arrive(make_app, log) -> None:
    drill = ended_hosted(log)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("h")
        await settle(pilot)
        assert "not open yet" in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        assert any(isinstance(e, ev.HotWashOpened) for _, e in log.read(drill.session_id))
        assert "Answers (0 of 2)" in screen_text(app)
        drill.refresh()  # a team seat at another terminal answers
        drill.execute(cmd.AnswerHotWash(at=0, team="ru-cert", seat="ru-cert", went_well=("kept calm",)))
        shown = await wait_for_text(pilot, "Answers (1 of 2)")
        assert "Answers (1 of 2)" in shown and "kept calm" in shown
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"both teams waited")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "both teams waited" in screen_text(app)
        assert [e.text for _, e in log.read(drill.session_id) if isinstance(e, ev.ObservationAdded)] == [
            "both teams waited"]


async def test_after_the_end_a_team_seat_debrief_shows_only_that_team(make_app, log) -> None:
    drill = ended_hosted(log)
    drill.execute(cmd.OpenHotWash(at=0))
    drill.execute(cmd.AnswerHotWash(at=0, team="th-cert", went_well=("classified fast",)))
    drill.execute(cmd.AnswerHotWash(at=0, team="ru-cert", went_well=("RU SECRET answer",)))
    app = make_app(join_session=drill.session_id, join_team="th-cert")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamDebriefScreen)
        shown = screen_text(app)
        assert "DEBRIEF · ThaiCERT" in shown and "classified fast" in shown
        assert "RU SECRET" not in shown
        ru_titles = [s.title for s in LOADED.pack.steps if s.team == "ru-cert"]
        assert all(e.step is None or e.step.startswith("th.") for e in screen.entries)
        target = next(n for n, e in enumerate(screen.entries) if e.step == "th.freeze")
        for _ in range(target):
            await pilot.press("down")
        await pilot.pause()
        shown = screen_text(app)
        assert "cite: SWIFT gpi Stop and Recall (gSRP)" in shown
        assert not any(title[:30] in shown for title in ru_titles)


def test_the_event_feed_names_who_answered_the_hot_wash() -> None:
    from cyberdrill.tui.view import event_line

    pack = LOADED.pack
    answered = event_line(pack, ev.HotWashAnswered(t=60, team="ru-cert", went_well=("x",), to_improve=(),
                                                    commitments=(), ratings={})).plain
    assert "hotwash_answered" not in answered and "RU" in answered and "answered" in answered
    note = event_line(pack, ev.ObservationAdded(t=60, team=None, text="[bold]calm[/bold]")).plain
    assert "[bold]calm[/bold]" in note


async def test_in_hot_seat_the_team_console_offers_the_form_once_the_instructor_opens_it(make_app, log) -> None:
    drill = DrillService(log, LOADED).start(seed=3)  # hot-seat: the instructor and both team consoles here
    assert play_script(drill, LOADED.scripts["solution"], end=True) == []
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("down", "enter")  # ThaiCERT's console: no hot wash yet
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen) and "Hot wash" not in screen_text(app)
        await pilot.press("h")  # the key does nothing yet
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("enter")  # back to the instructor: debrief, hot wash, open it
        await settle(pilot)
        await pilot.press("b", "h", "h")
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        shown = screen_text(app)
        assert "opened the hot wash" in shown and "h Hot wash" in shown
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HotWashForm)
        await pilot.press(*"a clear shift log")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(a.team, a.went_well) for a in hot_wash_answers(app.live.view.state)] == [
            ("th-cert", ("a clear shift log",))]
