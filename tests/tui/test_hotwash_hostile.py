"""What teams type into the hot wash and the instructor into the plan is data: markup in it is shown as
written in the hot wash, the plan and a team's debrief, never styled, linked or clicked."""

from __future__ import annotations

from hostile_strings import MARKUP
from test_hotwash import ended_hosted, settle
from tui_helpers import screen_text

from cyberdrill.engine import commands as cmd
from cyberdrill.tui.instructor.hotwash import HotWashScreen
from cyberdrill.tui.instructor.plan import PlanScreen
from cyberdrill.tui.team.debrief import TeamDebriefScreen

SHOWN = ["[bold red]not bold[/bold red]", "[@click=app.quit]Quit[/]", "status [/] update"]


async def test_markup_in_answers_and_plan_rows_is_shown_as_written(make_app, log) -> None:
    assert set(SHOWN) <= set(MARKUP)
    drill = ended_hosted(log)
    drill.execute(cmd.OpenHotWash(at=0))
    drill.execute(cmd.AnswerHotWash(at=0, team="th-cert", went_well=tuple(SHOWN), comment=SHOWN[1], anonymous=True))
    drill.execute(cmd.SetPlanItem(at=0, team="th-cert", source="hotwash:th-cert", issue=SHOWN[2], action=SHOWN[0],
                                  owner=SHOWN[1][:20]))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        await pilot.press("b", "h")
        await settle(pilot)
        assert isinstance(app.screen, HotWashScreen)
        shown = screen_text(app)
        for text in SHOWN:
            assert text in shown, text
        await pilot.press("escape", "p")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        shown = screen_text(app)
        assert SHOWN[0] in shown and SHOWN[2] in shown and SHOWN[1][:20] in shown
        assert app.is_running
    seat = make_app(join_session=drill.session_id, join_team="th-cert")
    async with seat.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(seat.screen, TeamDebriefScreen)
        shown = screen_text(seat)
        assert SHOWN[0] in shown and SHOWN[1] in shown
