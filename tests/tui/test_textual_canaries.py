"""Canaries for the few places the consoles rely on Textual beyond its public API. Each fails loudly, with
what to do, when a Textual release changes what it relies on (pyproject pins a tested range).

- tui/widgets/watchers.py reads the `"__watchers"` attribute textual.reactive keeps (no public way to drop
  a watch: Textualize/textual#6666, open);
- tui/widgets/footer.py overrides `Footer.bindings_changed`, which Footer subscribes to the screen's
  `bindings_updated_signal` (no public "keys changed" hook);
- tests/tui/tui_helpers.py reads the screen's compositor to get what a user sees as text.
"""

from __future__ import annotations

import inspect

from textual.widgets import Footer
from tui_helpers import screen_text, settle, start_session

from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.watchers import WATCHERS, forget_closed_watchers


async def test_closed_dialogs_leave_no_watch_on_the_app_theme(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        assert hasattr(app, WATCHERS), (
            f"textual.reactive no longer keeps watches in {WATCHERS!r}: update tui/widgets/watchers.py "
            "(see Textualize/textual#6666; if it is fixed, drop forget_closed_watchers)")
        before = len(getattr(app, WATCHERS).get("theme", []))
        for _ in range(20):  # the write-as-party dialog has a TextArea, which watches the app's theme
            await pilot.press("w")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            forget_closed_watchers(app)
        after = len(getattr(app, WATCHERS).get("theme", []))
        assert after <= before + 1, (before, after)


def test_footer_still_takes_its_keys_from_bindings_changed() -> None:
    assert "bindings_changed" in vars(Footer), "Footer.bindings_changed is gone: update tui/widgets/footer.py"
    assert list(inspect.signature(Footer.bindings_changed).parameters) == ["self", "screen"]
    assert "bindings_changed" in inspect.getsource(Footer.on_mount), (
        "Footer no longer subscribes bindings_changed to the screen's bindings: update tui/widgets/footer.py")


async def test_the_footer_shows_each_screens_keys_and_redraws_only_when_they_change(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "New session" in screen_text(app).splitlines()[-1]
        await start_session(pilot)
        footer = app.screen.query_one(DrillFooter)
        assert "Clock" in screen_text(app).splitlines()[-1]
        first = list(footer.children)
        for _ in range(4):
            await pilot.press("tab")  # focus moves: the screen re-checks its bindings, the keys stay
            await pilot.pause()
        assert list(footer.children) == first  # the same widgets: not recomposed


async def test_screen_text_reads_what_the_terminal_shows(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert len(lines) == 24 and "cyberdrill" in lines[0], "tui_helpers.screen_text: the compositor changed"
