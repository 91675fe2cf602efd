"""The instructor's debrief screen driven by keys: stepping through a team's timeline, filtering by
objective, a deduction's reason and citation on screen, the next team, a deduction turned into a plan row."""

from __future__ import annotations

from test_hotwash import settle
from textual.widgets import DataTable, Input
from tui_helpers import MINI, screen_text

from cyberdrill.engine import events as ev
from cyberdrill.engine.debrief import improvement_plan
from cyberdrill.pack.load import load_pack
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.tui.instructor.debrief import DebriefScreen
from cyberdrill.tui.instructor.plan import PlanScreen
from cyberdrill.tui.team.screen import TeamScreen

LOADED = load_pack(MINI)


def played_without_freeze(log) -> str:  # type: ignore[no-untyped-def]
    """An ended mini session in which ThaiCERT never asked for the freeze (a missed step)."""
    drill = DrillService(log, LOADED).start(seed=3)
    script = [e for e in LOADED.scripts["solution"] if e.action != "freeze_request"]
    assert play_script(drill, script, end=True) == []
    return drill.session_id


async def open_debrief(app, pilot) -> DebriefScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("tab", "o")
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(app.screen, DebriefScreen)
    return app.screen


def _row_of(screen: DebriefScreen, text: str, kind: str) -> int:
    return next(n for n, e in enumerate(screen.entries) if e.kind == kind and text in e.text)


async def test_stepping_through_the_timeline_shows_each_steps_deduction_reason_and_citation(make_app, log) -> None:
    played_without_freeze(log)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_debrief(app, pilot)
        shown = screen_text(app)
        assert "DEBRIEF · ThaiCERT" in shown and "Timeline · all objectives" in shown
        table = screen.query_one("#debrief-timeline", DataTable)
        assert table.has_focus and table.cursor_row == 0
        target = _row_of(screen, "freeze the mule account", "deadline")
        for _ in range(target):
            await pilot.press("down")
        await pilot.pause()
        assert screen.highlighted is not None and screen.highlighted.step == "th.freeze"
        shown = screen_text(app)
        assert "not done by its deadline" in shown
        assert "cite: SWIFT gpi Stop and Recall (gSRP)" in shown
        assert "Recommendation:" in shown
        await pilot.press("up")
        await pilot.pause()
        assert table.cursor_row == target - 1
        assert "happened" in shown and "The mule moves the money on" in shown  # the branch it took


async def test_f_filters_the_timeline_by_objective_and_t_shows_the_other_team(make_app, log) -> None:
    played_without_freeze(log)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_debrief(app, pilot)
        everything = len(screen.entries)
        await pilot.press("f")
        await settle(pilot)
        assert screen.objective == "triage" and "Timeline · triage" in screen_text(app)
        assert 0 < len(screen.entries) < everything and all(e.objective == "triage" for e in screen.entries)
        await pilot.press("f", "f")
        await settle(pilot)
        assert screen.objective is None and len(screen.entries) == everything
        await pilot.press("t")
        await settle(pilot)
        shown = screen_text(app)
        assert "DEBRIEF · NCCCI" in shown or "ru-cert" == screen.team
        assert all(e.step is None or e.step.startswith("ru.") for e in screen.entries)


async def test_i_turns_a_deduction_into_a_plan_row_with_owner_and_dates(make_app, log) -> None:
    session = played_without_freeze(log)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_debrief(app, pilot)
        target = _row_of(screen, "freeze the mule account", "deadline")
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("i")
        await settle(pilot)
        assert "New improvement-plan row" in screen_text(app)
        action = app.screen.query_one("#plan-action").text
        assert action == LOADED.pack.step("th.freeze").recommendation
        await pilot.press(*"ThaiCERT")
        app.screen.query_one("#plan-start", Input).value = "2027-01-10"
        app.screen.query_one("#plan-completion", Input).value = "2026-12-31"  # before the start: refused
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "on or after the start" in screen_text(app)  # the form stays, with what was typed
        assert app.screen.query_one("#plan-owner", Input).value == "ThaiCERT"
        app.screen.query_one("#plan-completion", Input).value = "2027-03-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        rows = [e for _, e in log.read(session) if isinstance(e, ev.PlanItemSet)]
        assert [(r.source, r.owner, r.start, r.completion, r.team) for r in rows] == [
            ("step:th.freeze", "ThaiCERT", "2027-01-10", "2027-03-31", "th-cert")]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        shown = screen_text(app)
        assert "P1" in shown and "ThaiCERT" in shown and "2027-03-31" in shown
        assert [p.owner for p in improvement_plan(app.live.view.state)] == ["ThaiCERT"]


async def test_esc_on_a_changed_plan_form_asks_before_discarding_what_was_typed(make_app, log) -> None:
    session = played_without_freeze(log)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_debrief(app, pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await pilot.press("escape")  # nothing typed: it simply closes
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Bank of Thailand")
        await pilot.press("escape")
        await settle(pilot)
        assert "Discard what you typed?" in screen_text(app)
        await pilot.press("escape")  # no: back to the form, with what was typed
        await settle(pilot)
        assert app.screen is form and form.query_one("#plan-owner", Input).value == "Bank of Thailand"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # yes, discard
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert not any(isinstance(e, ev.PlanItemSet) for _, e in log.read(session))


async def test_a_new_session_of_the_pack_shows_last_times_score_and_plan_in_the_debrief(make_app, log) -> None:
    from cyberdrill.engine import commands as cmd

    before = DrillService(log, LOADED).start(seed=3)
    script = [e for e in LOADED.scripts["solution"] if e.action != "freeze_request"]
    assert play_script(before, script, end=True) == []
    before.execute(cmd.SetPlanItem(at=0, team="th-cert", source="step:th.freeze", issue="no freeze",
                                   action="Rehearse the gSRP recall", owner="ThaiCERT", completion="2027-02-01"))
    info = log.session(before.session_id)
    info.created_at = "2026-10-01T09:00:00+00:00"
    log.update_session(info)
    percent = before.scorecard().team("th-cert").percent
    now = DrillService(log, LOADED).start(seed=4)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        assert app.live.id == now.session_id
        await pilot.press("b")
        await settle(pilot)
        # the right-hand panel's lines, joined as a reader reads them across the wraps
        right = " ".join(line.split("│")[-2].strip() for line in screen_text(app).splitlines() if line.count("│") >= 2)
        shown = " ".join(right.split())
        assert f"Last time (2026-10-01, session {before.session_id[:8]}): {percent:.0f} %" in shown
        assert "Rehearse the gSRP recall (ThaiCERT, 2027-02-01)" in shown
        # the team's own console shows it in its briefing (the Case panel)
        await pilot.press("escape", "f2")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.team == "th-cert"
        shown = screen_text(app)
        assert f"Last time: {percent:.0f} %" in shown and "Rehearse the gSRP recall (by 2027-02-01)" in shown


async def test_ending_the_session_says_where_the_debrief_is(make_app, log) -> None:
    DrillService(log, LOADED).start(seed=3)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # End
        await settle(pilot)
        assert "b opens the debrief" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
