"""Choose what to do: a list of the pack's action types (or of any labelled choices)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class ActionPicker(ModalScreen[str | None]):
    """A titled list of (id, label, description) choices; dismisses with the chosen id or None."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str, str | None]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(self.title_text, id="form-title")
            options = []
            for ident, label, description in self.choices:
                prompt = Text(label, style="bold")
                if description:
                    prompt.append(f"\n{description}", style="dim")
                options.append(Option(prompt, id=ident))
            yield OptionList(*options, id="picker-list")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
