"""The served seat app, driven by keys with Pilot: its login screen and the doors it keeps shut."""

from __future__ import annotations

from textual.widgets import Label

from cyberdrill.serve.access import issue_codes
from cyberdrill.service import passphrase_settings
from cyberdrill.store.base import EventLog
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.served import MAX_TRIES, served_app
from cyberdrill.tui.team.screen import TeamScreen


async def wait_until(pilot, check, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.1)
    raise AssertionError("the seat did not get there")


async def test_a_web_seat_opens_the_team_whose_code_is_typed_and_nothing_else(log: EventLog, session: str,
                                                                            db_url: str) -> None:
    codes = issue_codes(log, session, ["th-cert", "ru-cert"])
    app = served_app(session, None, db_url, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"th-cert", "enter", *codes["ru-cert"], "enter")  # another team's code
        problem = app.screen.query_one("#login-problem", Label)
        await wait_until(pilot, lambda: "do not open" in str(problem.render()))
        await pilot.press(*codes["th-cert"].lower().replace("-", " "), "enter")  # as a trainee may type it
        await wait_until(pilot, lambda: isinstance(app.screen, TeamScreen))
        assert app.screen.team == "th-cert" and app.seat_modes() == [("team-th-cert", "ThaiCERT (TH) console")]
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)  # no launcher behind a served seat
        assert not app.check_action("leave", ()) and not app.check_action("seats", ())
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles and not any("screenshot" in title.lower() for title in titles)


async def test_the_web_seat_closes_after_too_many_wrong_codes(log: EventLog, session: str, db_url: str) -> None:
    issue_codes(log, session, ["th-cert"])
    app = served_app(session, None, db_url, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"th-cert", "enter")
        problem = app.screen.query_one("#login-problem", Label)
        for attempt in range(MAX_TRIES - 1):
            await pilot.press(*f"WRONG-CODE-{attempt:04d}", "enter")
            await wait_until(pilot, lambda attempt=attempt: app.screen.tries == attempt + 1)  # type: ignore[attr-defined]
            assert app.is_running and "do not open" in str(problem.render())
        await pilot.press(*"WRONG-CODE-LAST", "enter")
        await wait_until(pilot, lambda: not app.is_running)


async def test_the_instructor_logs_in_on_the_web_with_the_passphrase(log: EventLog, session: str,
                                                                     db_url: str) -> None:
    info = log.session(session)
    info.settings = {**info.settings, **passphrase_settings("correct horse battery")}
    log.update_session(info)
    app = served_app(session, None, db_url, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"instructor", "enter", *"wrong horse", "enter")
        problem = app.screen.query_one("#login-problem", Label)
        await wait_until(pilot, lambda: "do not open" in str(problem.render()))
        await pilot.press(*"correct horse battery", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InstructorScreen))
        assert not app.hosting  # serve drives the clock, not the served instructor console
