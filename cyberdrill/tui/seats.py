"""F2: switch this terminal between the consoles it seats (hot-seat)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cyberdrill.i18n import N_, _
from cyberdrill.tui.inert import inert


class SeatSwitcher(ModalScreen[str | None]):
    """A list of (mode, label); dismisses with the chosen mode."""

    DEFAULT_CSS = """
    SeatSwitcher { align: center middle; }
    SeatSwitcher > Vertical { width: 50; height: auto; border: thick $primary; background: $surface; }
    SeatSwitcher OptionList { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="seats.cancel")]

    def __init__(self, seats: list[tuple[str, str]]) -> None:
        super().__init__()
        self.seats = seats

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Switch console"), classes="title")
            yield OptionList(*[Option(inert(label), id=mode) for mode, label in self.seats])

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
