"""A list of things to tick, each showing `[x]` or `[ ]`: ticked and unticked differ in glyph, not only
in colour, and space or enter ticks the row the cursor is on (and only that one)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cyberdrill.i18n import N_
from cyberdrill.tui.inert import inert


class Checklist(OptionList):
    """(label, value, ticked) rows; `selected` is the ticked values, in the rows' order."""

    BINDINGS = [Binding("space", "select", N_("Tick"), show=False, id="checklist.tick")]
    DEFAULT_CSS = """
    Checklist { height: auto; max-height: 6; }
    """

    class Changed(Message):
        """A row was ticked or unticked."""

        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

        @property
        def control(self) -> Checklist:
            return self.checklist

    def __init__(self, rows: Iterable[tuple[str, str, bool]], *, id: str | None = None) -> None:
        given = list(rows)
        self._rows = [(label, value) for label, value, _ in given]
        self._ticked = {value for _, value, ticked in given if ticked}
        super().__init__(*[Option(self._prompt(label, value), id=value) for label, value in self._rows], id=id)

    def _prompt(self, label: str, value: str) -> Text:
        mark = Text("[x] ", style="bold") if value in self._ticked else Text("[ ] ", style="dim")
        return mark + inert(label)

    @property
    def selected(self) -> list[str]:
        """The ticked values, in the order of the rows."""
        return [value for _, value in self._rows if value in self._ticked]

    def toggle(self, index: int) -> None:
        """Tick or untick the row at `index`."""
        label, value = self._rows[index]
        self._ticked ^= {value}
        self.replace_option_prompt_at_index(index, self._prompt(label, value))
        self.post_message(self.Changed(self))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)
