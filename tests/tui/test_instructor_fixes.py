"""The instructor console on ordinary and awkward sessions (issue 10's findings)."""

from __future__ import annotations

from textual.widgets import DataTable
from tui_helpers import MINI, screen_text, settle, start_session

from cyberdrill.engine.commands import JumpClock, StartClock, TakeAction
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.widgets.checklist import Checklist

WRONG_FREEZE = {"to": "ru-bank", "channel": "bank-to-bank", "account": "00000000000000000000", "amount": "1"}


def two_refused_freezes(log) -> str:
    """A session where ThaiCERT sent two freeze requests the bank refuses: two replies of one inject due."""
    drill = DrillService(log, load_pack(MINI)).start(seed=3)
    drill.execute(StartClock(at=0))
    drill.execute(TakeAction(at=60, team="th-cert", action="freeze_request", fields=WRONG_FREEZE))
    drill.execute(TakeAction(at=120, team="th-cert", action="freeze_request",
                             fields={**WRONG_FREEZE, "account": "11111111111111111111"}))
    return drill.session_id


async def test_two_replies_of_one_inject_due_do_not_crash_the_console_and_a_resume_works(make_app, log) -> None:
    two_refused_freezes(log)
    for _ in range(2):  # the first opening, and a resume of the same session
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("tab", "o")
            await settle(pilot)
            assert isinstance(app.screen, InstructorScreen)
            upcoming = app.screen.query_one("#upcoming", DataTable)
            texts = [str(upcoming.get_row_at(i)[2]) for i in range(upcoming.row_count)]
            assert sum("We cannot act on your request" in t for t in texts) == 2, texts
            assert "Coming up" in screen_text(app)


async def test_f_fires_the_inject_highlighted_under_coming_up(make_app, log) -> None:
    two_refused_freezes(log)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        upcoming = app.screen.query_one("#upcoming", DataTable)
        upcoming.focus()
        rows = [str(upcoming.get_row_at(i)[2]) for i in range(upcoming.row_count)]
        target = next(i for i, text in enumerate(rows) if "We cannot act" in text)
        upcoming.move_cursor(row=target)
        await pilot.press("f")
        await settle(pilot)
        assert "bank-refused" in app.live.view.delivered


async def test_write_as_party_space_ticks_the_highlighted_team_and_the_dropdown_is_a_box(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")  # from, channel, TLP, then the teams
        teams = app.screen.query_one("#to", Checklist)
        assert app.focused is teams
        await pilot.press("space")  # on ThaiCERT, the first row
        await pilot.pause()
        assert teams.selected == ["ru-cert"]
        shown = screen_text(app)
        assert "[ ] ThaiCERT" in shown and "[x] Russian national centre" in shown  # a glyph, not a colour
        await pilot.press("down", "space", "up", "space")
        await pilot.pause()
        assert teams.selected == ["th-cert"]
        await pilot.press("shift+tab", "enter")  # open the TLP dropdown over the list
        await pilot.pause()
        line = next(row for row in screen_text(app).splitlines() if "TLP:CLEAR" in row)
        assert "│TLP:CLEAR" in line, line  # the dropdown has an edge of its own


async def test_coming_up_drops_a_consequence_the_teams_averted(make_app, log) -> None:
    drill = DrillService(log, load_pack(MINI)).start(seed=3)
    drill.execute(StartClock(at=0))
    preserve = {"to": "ru-hoster", "channel": "24-7-network", "custodian": "Test Oblako hosting",
                "data_to_preserve": [drill.state.world["panel_ip"]], "tlp": "TLP:AMBER"}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "o")
        await settle(pilot)
        assert "The hoster's logs rotate" in screen_text(app)
        await app.send(TakeAction, team="ru-cert", action="preservation_request", fields=preserve)
        await app.send(JumpClock, to=5 * 3600 + 600)  # the hoster has confirmed: the logs are preserved
        await settle(pilot)
        assert "logs-preserved" in app.live.view.delivered
        assert "The hoster's logs rotate" not in screen_text(app)


def test_the_event_feed_speaks_in_words_not_event_names() -> None:
    from cyberdrill.engine import events as ev
    from cyberdrill.tui.view import event_line

    pack = load_pack(MINI).pack
    armed = event_line(pack, ev.TriggerArmed(t=60, target="consequence:funds-move", due=3 * 3600)).plain
    assert "trigger_armed" not in armed and "The mule moves the money on" in armed and "T+03:00" in armed
    averted = event_line(pack, ev.ConsequenceCancelled(t=60, consequence="funds-move", reason="x")).plain
    assert "averted" in averted and "The mule moves the money on" in averted
    opened = event_line(pack, ev.StepOpened(t=0, step=pack.steps[0].id, team="th-cert", due=None)).plain
    assert pack.steps[0].title in opened and pack.steps[0].id not in opened.replace(pack.steps[0].title, "")


async def test_f2_to_a_team_console_shows_one_summary_toast_for_what_it_missed(make_app) -> None:
    from cyberdrill.engine.commands import FireInject

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start_session(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("down", "enter")  # ThaiCERT's console once, then back to the instructor's
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InstructorScreen)
        for inject in ("victim-call", "recall-status", "press-enquiry"):
            await app.send(FireInject, inject=inject)
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("down", "enter")  # ThaiCERT's console, which missed three messages
        await settle(pilot)
        await pilot.pause(0.2)
        toasts = app.screen.query("Toast")
        assert len(toasts) == 1, [str(t.render()) for t in toasts]
        assert "3 notifications" in screen_text(app)
