"""F1: what the screen the user is on is for and which key does what, from that screen's key table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from cyberdrill.i18n import N_, _
from cyberdrill.tui.keys import APP_KEYS, KeyTable, table_of


def help_tables(stack: Sequence[Screen[Any]]) -> list[KeyTable]:
    """The tables F1 shows over a screen stack: the topmost screen that has one, then the app's keys."""
    for screen in reversed(stack):
        table = table_of(screen)
        if table is not None and table is not APP_KEYS:
            return [table, APP_KEYS]
    return [APP_KEYS]


def help_text(tables: Sequence[KeyTable], width: int) -> str:
    """The Markdown F1 shows for `tables` at a terminal `width` columns wide."""
    return "\n\n".join(table.help_markdown(width) for table in tables) + "\n\n" + _("Press `esc` to close.")


class HelpScreen(ModalScreen[None]):
    """The help of the screen beneath it (see `help_tables`)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", N_("Close"), id="help.close"),
        Binding("f1", "dismiss", N_("Close"), show=False, id="help.close-f1"),
    ]

    def __init__(self, tables: Sequence[KeyTable]) -> None:
        super().__init__()
        self.tables = tuple(tables)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(help_text(self.tables, self.app.size.width))
