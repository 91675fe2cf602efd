"""The action form by keyboard on the flagship (issue 10, finding 8; finding 2; finding 4 in the form): Shift+Tab
out of a dropdown, tick glyphs, type-to-search with an apostrophe, Esc asks, drafts survive console switches
and restarts, the database being down keeps the form, reply and "revise and resend" pre-fill, quoting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select
from tui_helpers import FixedClock, screen_text, settle

from cyberdrill.engine.commands import JumpClock, StartClock, TakeAction
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.store.errors import StoreUnavailable
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.forms.action_form import ActionForm
from cyberdrill.tui.forms.picker import ActionPicker
from cyberdrill.tui.instructor.dialogs import ConfirmDialog
from cyberdrill.tui.options import PlayOptions
from cyberdrill.tui.team.screen import TeamScreen

FLAGSHIP = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"
TH, RU = "th-thaicert", "ru-nccci"


def flagship_app(tmp_path: Path, log: MemoryLog | None = None, minutes: int = 70) -> CyberdrillApp:
    """The flagship, a session `minutes` in (nothing sent), resumable from the launcher."""
    if log is None:
        log = MemoryLog()
        drill = DrillService(log, load_pack(FLAGSHIP)).start(seed=7, session_id="keys0001cafe")
        drill.execute(StartClock(at=0))
        drill.execute(JumpClock(at=0, to=minutes * 60))
    return CyberdrillApp(PlayOptions(pack=FLAGSHIP, log=log, seed=7, clock=FixedClock(), bundled=False,
                                     reports_dir=tmp_path / "reports"))


async def until(pilot, ready) -> None:  # type: ignore[no-untyped-def]
    """Pause until `ready()` holds (a screen opened on a busy machine), at most ~20 s."""
    for _ in range(200):
        if ready():
            return
        await pilot.pause(0.1)
    raise AssertionError("timed out")


async def team_console(pilot, team: str) -> TeamScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("o")  # resume the session
    await settle(pilot)
    modes = [m for m, _ in pilot.app.seat_modes()]
    await pilot.press("f2", *["down"] * modes.index(f"team-{team}"), "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TeamScreen)
    return pilot.app.screen


async def open_form(pilot, title: str) -> ActionForm:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await until(pilot, lambda: isinstance(pilot.app.screen, ActionPicker))
    await pilot.press(*title, "enter")  # the picker searches as you type
    await until(pilot, lambda: isinstance(pilot.app.screen, ActionForm))
    assert isinstance(pilot.app.screen, ActionForm), screen_text(pilot.app)
    return pilot.app.screen


async def test_shift_tab_leaves_an_open_dropdown_a_checklist_and_a_text_area(tmp_path) -> None:
    app = flagship_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        form = await open_form(pilot, "Send a notif")
        form.field_widget("channel").focus()
        await pilot.press("enter")  # open the dropdown
        await pilot.pause()
        assert form.field_widget("channel").expanded
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is form.field_widget("to") and not form.field_widget("channel").expanded
        for name, previous in (("requested_actions", "evidence"), ("body", "case_ref")):
            form.field_widget(name).focus()
            await pilot.pause()
            await pilot.press("shift+tab")
            await pilot.pause()
            assert app.focused is form.field_widget(previous), name


async def test_a_ticked_box_looks_different_without_colour(tmp_path) -> None:
    app = flagship_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        form = await open_form(pilot, "Request exp")
        box = form.field_widget("mla_to_follow")
        unticked = box.render().plain  # type: ignore[attr-defined]
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value and box.render().plain != unticked and "✔" in box.render().plain  # type: ignore[attr-defined]
        checklist = (await _notify_form(pilot, app)).field_widget("requested_actions")
        checklist.focus()
        await pilot.press("space")
        await pilot.pause()
        lines = [checklist.render_line(y).text for y in range(2)]
        assert "✔" in lines[0] and "✔" not in lines[1]


async def _notify_form(pilot, app) -> ActionForm:  # type: ignore[no-untyped-def]
    await pilot.press("escape")
    await pilot.pause()
    if isinstance(app.screen, ConfirmDialog):
        await pilot.press("ctrl+s")  # discard
        await pilot.pause()
    return await open_form(pilot, "Send a notif")


async def test_type_to_search_takes_an_apostrophe(tmp_path) -> None:
    app = flagship_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        form = await open_form(pilot, "Request exp")
        to = form.field_widget("to")
        to.focus()
        await pilot.press("enter", *"Russia's 2", "enter")
        await pilot.pause()
        assert to.value == "ru-247-poc"
        picker = ActionPicker("Choose", [("a", "Thailand's 24/7 point of contact", None),
                                         ("b", "Russia's 24/7 point of contact", None)])
        app.push_screen(picker)
        await pilot.pause()
        await pilot.press(*"Russia's 2")
        assert picker.query_one("OptionList").highlighted == 1


async def test_a_party_field_offers_the_other_team_and_the_form_takes_engine_formats(tmp_path) -> None:
    app = flagship_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        form = await open_form(pilot, "Send a notif")
        offered = [value for _, value in form.field_widget("to")._options]  # type: ignore[attr-defined]
        assert RU in offered and TH not in offered
        await pilot.press("escape")
        form = await open_form(pilot, "Ask for a hold")
        accounts, amount = form.field_widget("accounts"), form.field_widget("amount")
        for widget, text in ((accounts, "hello world, 12"), (amount, "509,000.00")):
            widget.focus()
            await pilot.press(*text, "tab")
            await pilot.pause()
        assert accounts.has_class("-invalid") and not amount.has_class("-invalid")


async def test_esc_asks_before_discarding_and_drafts_survive_a_switch_and_a_restart(tmp_path, drafts_file) -> None:
    log = MemoryLog()
    app = flagship_app(tmp_path)
    log = app.options.log
    async with app.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        form = await open_form(pilot, "Request exp")
        await pilot.press("escape")  # unchanged: closes at once
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        form = await open_form(pilot, "Request exp")
        form.field_widget("custodian").focus()
        await pilot.press(*"Belye Nochi")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # changed: asks
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is form and form.field_widget("custodian").value == "Belye Nochi"
        await pilot.press("f2")  # to the instructor console and back: the form is still there
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "instructor" and not isinstance(app.screen, ActionForm)
        await pilot.press("f2", "down", "enter")
        await settle(pilot)
        assert app.current_mode == f"team-{TH}" and app.screen is form
        await pilot.pause(0.7)
    assert "Belye Nochi" in drafts_file.read_text(encoding="utf-8")  # the seat was closed with the form open
    again = flagship_app(tmp_path, log)
    async with again.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        form = await open_form(pilot, "Request exp")
        assert form.field_widget("custodian").value == "Belye Nochi"
        assert "Draft restored" in screen_text(again)
        form.field_widget("custodian").focus()
        await pilot.press("!", "escape")
        await pilot.pause()
        await pilot.press("ctrl+s")  # Discard
        await pilot.pause()
        assert isinstance(again.screen, TeamScreen)
        form = await open_form(pilot, "Request exp")
        assert form.field_widget("custodian").value == ""


async def test_the_form_stays_open_when_the_database_is_unreachable(tmp_path) -> None:
    app = flagship_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        form = await open_form(pilot, "Send a situ")

        def down(*args: object, **kwargs: object) -> None:
            raise StoreUnavailable("database unreachable")

        app.send = down  # type: ignore[method-assign]
        form.field_widget("to").value = "th-leadership"
        form.field_widget("channel").value = "internal"
        form.field_widget("tlp").value = "TLP:AMBER"
        form.field_widget("summary").focus()
        await pilot.press(*"Holds placed", "ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.field_widget("summary").text == "Holds placed"
        assert "database cannot be reached" in screen_text(app)


async def test_reply_offers_the_answer_first_with_the_reference_and_revise_resends(tmp_path) -> None:
    log = MemoryLog()
    loaded = load_pack(FLAGSHIP)
    drill = DrillService(log, loaded).start(seed=7, session_id="keys0002cafe")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=3700))
    world = drill.state.world
    drill.execute(TakeAction(at=3700, team=TH, action="preservation_request", fields={
        "to": "ru-247-poc", "channel": "24-7-network", "tlp": "TLP:AMBER", "requesting_authority": "TCSD",
        "offence_facts": "Fraud", "data_to_preserve": [world["panel_ip"]], "time_window": "Nov 2026",
        "relation_to_offence": "Phishing server", "necessity": "Logs rotate", "mla_to_follow": True}))
    drill.execute(JumpClock(at=3700, to=3700 + 16 * 60))
    app = flagship_app(tmp_path, log)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await team_console(pilot, TH)
        rejection = app.live.view.inbox(TH)[0]
        assert rejection.cause == "rejection"
        await pilot.press("home", "enter")
        await until(pilot, lambda: screen.reading is not None and screen.reading.message == rejection.message)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ActionPicker))
        picker = app.screen
        assert isinstance(picker, ActionPicker) and picker.choices[0][1].startswith("Revise and resend")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        form = app.screen
        assert isinstance(form, ActionForm) and form.action == "preservation_request"
        assert form.field_widget("time_window").value == "Nov 2026"  # what was sent
        assert form.query_one("#row-custodian").has_class("-invalid")
        assert "hosting provider" in str(form.query_one("#error-custodian").render())
        form.field_widget("custodian").focus()
        await pilot.press("ctrl+o")  # quote the hoster's name from the WHOIS record the team received
        await until(pilot, lambda: isinstance(app.screen, ActionPicker))
        await pilot.press(*world["hoster"]["name"][:8], "enter")
        await until(pilot, lambda: app.screen is form)
        assert form.field_widget("custodian").value == world["hoster"]["name"]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        assert app.live.view.sent(TH)[0].reply_to == rejection.message


async def test_reply_to_an_incoming_request_starts_with_the_answer_and_its_reference(tmp_path) -> None:
    log = MemoryLog()
    loaded = load_pack(FLAGSHIP)
    drill = DrillService(log, loaded).start(seed=7, session_id="keys0003cafe")
    from cyberdrill.script import play_script

    assert not play_script(drill, [e for e in loaded.scripts["solution"] if e.at <= 7500], end=False)
    app = flagship_app(tmp_path, log)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await team_console(pilot, RU)
        incoming = app.live.drill.state.latest[(RU, "ru.incoming-preservation")]
        inbox = app.screen.query_one("Inbox")
        inbox.move_cursor(row=inbox.get_row_index(incoming))
        await pilot.press("enter")
        await until(pilot, lambda: screen.reading is not None and screen.reading.message == incoming)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ActionPicker))
        assert app.screen.choices[0][0] == "respond_request"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        form = app.screen
        assert isinstance(form, ActionForm)
        assert form.field_widget("request_ref").value == drill.state.world["ru_preservation_ref"]
        assert form.field_widget("to").value == "ru-247-poc"
        assert isinstance(form.field_widget("channel"), Select) and isinstance(form.field_widget("request_ref"), Input)


async def test_f1_on_a_form_shows_the_form_keys(tmp_path) -> None:
    app = flagship_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await team_console(pilot, TH)
        await open_form(pilot, "Send a notif")
        assert "^o quote" in screen_text(app)
        await pilot.press("f1")
        await settle(pilot)
        shown = screen_text(app)
        assert [type(s).__name__ for s in app.screen_stack][-2:] == ["ActionForm", "HelpScreen"]
        assert "An action form" in shown and "insert a value your team has received" in shown
