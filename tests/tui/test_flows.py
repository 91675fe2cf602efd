"""The main flows, driven through Pilot as a user would, asserting on what the screen shows and on the
session's state."""

from __future__ import annotations

from textual.widgets import Input, Select
from tui_helpers import screen_text, settle, start_session, wait_for_text

from cyberdrill.engine.commands import JumpClock
from cyberdrill.engine.events import InjectDelivered
from cyberdrill.tui.forms.action_form import ActionForm
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.team.inbox import Inbox
from cyberdrill.tui.team.screen import TeamScreen


async def switch_to(pilot, label: str) -> None:
    """F2, then the console whose label starts with `label`."""
    await pilot.press("f2")
    await pilot.pause()
    options = pilot.app.screen.query_one("OptionList")
    index = next(i for i in range(options.option_count) if str(options.get_option_at_index(i).prompt).startswith(label))
    options.highlighted = index
    await pilot.press("enter")
    await pilot.pause()


async def jump(pilot, to: str) -> None:
    """As the instructor: j, type the time, enter."""
    await pilot.press("j")
    await pilot.pause()
    field = pilot.app.screen.query_one("#when", Input)
    field.value = ""
    await pilot.press(*to)
    await pilot.press("enter")
    await pilot.pause()


async def test_create_a_session_opens_the_instructor_console(make_app, log) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        assert isinstance(app.screen, InstructorScreen)
        shown = screen_text(app)
        assert f"INSTRUCTOR · {app.live.id[:8]}" in shown and "seed 7" in shown
        assert "ThaiCERT" in shown and "Russian national centre" in shown  # the progress grid, one row a team
        (info,) = log.sessions()
        assert info.seed == 7 and info.teams == ["th-cert", "ru-cert"]


async def test_first_inject_reaches_the_team(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("space")  # start the clock
        await jump(pilot, "T+00:10")
        await switch_to(pilot, "ThaiCERT")
        assert isinstance(app.screen, TeamScreen)
        assert "Inbox (1 new)" in screen_text(app)
        await pilot.press("enter")  # open the message under the cursor
        shown = await wait_for_text(pilot, "reports a phished transfer")
        assert "reports a phished transfer" in shown
        assert "Siam Test Bank fraud desk" in shown and "TLP:AMBER" in shown
        assert "statement.csv" in shown  # the attachment, in the reader
        # the other team received nothing
        assert not app.live.view.inbox("ru-cert")


async def test_toast_when_a_new_inject_arrives(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await start_session(pilot)
        await pilot.press("space")
        await switch_to(pilot, "ThaiCERT")
        await app.send(JumpClock, to=600)  # the host's clock reaches T+00:10 while the trainee watches
        shown = await wait_for_text(pilot, "New message")
        assert "New message · Siam Test Bank fraud desk" in shown
        assert "Inbox (1 new)" in shown and "●" in shown
        await pilot.press("enter")  # open it
        await pilot.pause()
        assert "Inbox (1 new)" not in screen_text(app)


async def fill(pilot, form: ActionForm, values: dict[str, str]) -> None:
    """Choose in selects; type into inputs key by key."""
    for name, value in values.items():
        widget = form.field_widget(name)
        if isinstance(widget, Select):
            widget.value = value
        else:
            widget.focus()
            await pilot.pause()
            await pilot.press(*value)
    await pilot.pause()


async def open_action(pilot, title: str) -> ActionForm:
    await pilot.press("a")
    await pilot.pause()
    picker = pilot.app.screen.query_one("OptionList")
    index = next(i for i in range(picker.option_count) if str(picker.get_option_at_index(i).prompt).startswith(title))
    picker.highlighted = index
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ActionForm)
    return pilot.app.screen


async def test_valid_action_is_sent_and_the_reply_arrives(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await start_session(pilot)
        await pilot.press("space")
        await jump(pilot, "T+00:10")
        await switch_to(pilot, "ThaiCERT")
        mule = app.live.view.started.world["mule"]
        form = await open_action(pilot, "Ask a bank to freeze")
        await fill(pilot, form, {"to": "ru-bank", "channel": "swift-gpi", "account": str(mule["account"]),
                                 "amount": str(mule["amount"])})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)  # the form closed
        (sent,) = app.live.view.sent("th-cert")
        assert sent.action == "freeze_request" and sent.fields["to"] == "ru-bank"
        assert "Ask a bank to freeze an account sent (A" in await wait_for_text(pilot, "sent (A")
        # the bank answers 30 minutes later, over an always-on channel
        await app.send(JumpClock, to=app.now + 31 * 60)
        assert "New message · Sever Test Bank" in await wait_for_text(pilot, "New message · Sever Test Bank")
        top = str(app.screen.query_one(Inbox).get_row_at(0)[0])
        assert top.startswith("●") and "Sever Test Ba" in top  # the reply, on top of the inbox, unread
        await pilot.press("home")
        shown = await wait_for_text(pilot, "frozen")
        assert f"Account {mule['account']} frozen" in shown
        reply = app.live.view.inbox("th-cert")[0]
        assert reply.in_reply_to == sent.action_id


async def test_invalid_form_shows_inline_errors_and_keeps_what_was_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await switch_to(pilot, "ThaiCERT")
        form = await open_action(pilot, "Ask a bank to freeze")
        await fill(pilot, form, {"to": "ru-bank", "channel": "swift-gpi", "account": "12AB-34"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open
        shown = screen_text(app)
        assert "Not sent" in shown
        assert form.query_one("#error-account").display and "⚠" in str(form.query_one("#error-account").render())
        assert form.query_one("#error-amount").display  # required, left empty
        assert form.field_widget("account").value == "12AB-34"
        assert form.field_widget("to").value == "ru-bank"
        assert not app.live.view.sent("th-cert")


async def test_reply_prefills_recipient_channel_and_reference(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("space")
        await jump(pilot, "T+00:10")
        await switch_to(pilot, "ThaiCERT")
        await pilot.press("enter", "r")
        await pilot.pause()
        picker = app.screen.query_one("OptionList")
        index = next(i for i in range(picker.option_count)
                     if str(picker.get_option_at_index(i).prompt).startswith("Notify a partner"))
        picker.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        message = app.live.view.inbox("th-cert")[0]
        assert form.field_widget("channel").value == message.channel
        assert form.reply_to == message.message
        assert "In reply to" in screen_text(app)


async def test_pause_and_resume_the_clock(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        assert "not started" in screen_text(app)
        await pilot.press("space")
        assert app.live.view.clock.running
        await pilot.press("space")
        await pilot.pause()
        assert not app.live.view.clock.running
        assert "⏸ paused" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert app.live.view.clock.running
        assert "▶ ×10" in screen_text(app)


async def test_clock_host_ticks_timed_injects(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("space")  # ×10: one wall minute is ten exercise minutes
        clock.advance(61)
        app.heartbeat()
        await settle(pilot)
        assert any(isinstance(e, InjectDelivered) and e.inject == "victim-call" for e in app.live.view.feed)
        assert "T+00:10" in screen_text(app)


async def test_mark_a_free_text_answer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await switch_to(pilot, "ThaiCERT")
        form = await open_action(pilot, "Write a situation report")
        await fill(pilot, form, {"report": "Account frozen, recall case opened"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        await switch_to(pilot, "Instructor")
        assert "unmarked" in await wait_for_text(pilot, "unmarked")
        await pilot.press("m")
        await pilot.pause()
        assert "Account frozen, recall case opened" in screen_text(app)  # the answer, beside the rubric
        await pilot.press("3", "tab")
        await pilot.press(*"clear and complete")
        await pilot.press("ctrl+s")
        await pilot.pause()
        step = next(s for s in app.live.scorecard().team("th-cert").steps if s.step == "th.sitrep")
        assert step.mark is not None and step.mark.points == 3 and not step.awaiting_mark
        assert "3/4" in screen_text(app)


async def test_end_the_session_and_write_the_report(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.live.view.clock.ended
        reports = list((tmp_path / "reports").glob("*.html"))
        assert len(reports) == 1 and "<html" in reports[0].read_text(encoding="utf-8").lower()
        assert "Report written" in await wait_for_text(pilot, "Report written")
        assert str(reports[0]) in app.screen.text  # the path, shown in the notice
