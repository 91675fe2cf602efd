"""Each console in its own language: --lang, F4 to switch live, hot-seat consoles remembering theirs, the
glossary on F5 in the seat's language first, and the engine's field problems shown translated."""

from __future__ import annotations

from tui_helpers import screen_text, settle, start_session, wait_for_text

from cyberdrill.i18n import current_language, set_language
from cyberdrill.tui.glossary import GlossaryScreen
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.problems import shown_problem
from cyberdrill.tui.team.screen import TeamScreen


async def test_lang_opens_the_launcher_in_that_language(make_app) -> None:
    app = make_app(lang="ru")
    async with app.run_test(size=(120, 40)) as pilot:
        shown = await wait_for_text(pilot, "Пакеты")
        assert "Сеансы для продолжения" in shown and "Packs" not in shown
        await settle(pilot)


async def test_f4_switches_the_console_on_screen_and_hot_seat_consoles_keep_their_own(make_app) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        assert isinstance(app.screen, InstructorScreen)
        await pilot.press("f4")  # en -> ru for the instructor's console
        await settle(pilot)
        assert "Очередь оценивания" in await wait_for_text(pilot, "Очередь оценивания")
        await pilot.press("f2", "down", "enter")  # a team's console: it has chosen nothing, so the default
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert current_language() == "en"
        assert "Inbox" in await wait_for_text(pilot, "Inbox")
        await pilot.press("f4", "f4")  # en -> ru -> th for this team
        await settle(pilot)
        assert "กล่องข้อความเข้า" in await wait_for_text(pilot, "กล่องข้อความเข้า")
        await pilot.press("f2", "enter")  # back to the instructor: Russian again
        await settle(pilot)
        assert isinstance(app.screen, InstructorScreen) and current_language() == "ru"
        assert "Ход выполнения" in await wait_for_text(pilot, "Ход выполнения")
        await pilot.press("f2", "down", "enter")
        await settle(pilot)
        assert current_language() == "th"


async def test_f5_shows_the_glossary_searchable_in_the_seats_language_first(make_app) -> None:
    app = make_app(lang="th")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press(*"mule")
        await settle(pilot)
        shown = await wait_for_text(pilot, "บัญชีม้า")
        lines = [line for line in shown.split("\n") if "บัญชีม้า" in line or "mule account" in line]
        assert lines and "th" in lines[0] and "บัญชีม้า" in lines[0]  # Thai first, then the others
        assert "дроп" in shown.lower() or "дроп" in screen_text(app).lower()
        assert "ที่มา:" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, GlossaryScreen)


def test_an_engine_field_problem_reads_in_the_seats_language() -> None:
    set_language("ru")
    try:
        assert shown_problem("'10.0.0.x' is not an IPv4 address") == "'10.0.0.x' не является адресом IPv4"
        assert shown_problem("must be a whole number, not 'abc'") == "должно быть целым числом, а не 'abc'"
        assert shown_problem("something the catalogue does not know") == "something the catalogue does not know"
        set_language("th")
        assert shown_problem("'x' is not a TLP 2.0 label (did you mean TLP:AMBER?)") == \
            "'x' ไม่ใช่ระดับ TLP 2.0 (did you mean TLP:AMBER?)"
    finally:
        set_language("en")
    assert shown_problem("'x' is not an IPv4 address") == "'x' is not an IPv4 address"
