"""Choose what to do: a list of the pack's action types (or of any labelled choices). Typing jumps to the
first choice whose label contains what was typed (apostrophes, spaces and all: "Russia's 2")."""

from __future__ import annotations

import time

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cyberdrill.i18n import N_


class ActionPicker(ModalScreen[str | None]):
    """A titled list of (id, label, description) choices; dismisses with the chosen id or None."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="picker.cancel")]

    SEARCH_RESET = 1.0  # seconds without a key before typing starts a new search

    def __init__(self, title: str, choices: list[tuple[str, str, str | None]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.query_text = ""
        self._typed_at = 0.0

    def on_key(self, event: events.Key) -> None:
        """Type to search: the first choice whose label contains the text typed (case ignored)."""
        if event.character is None or not event.is_printable:
            return
        now = time.monotonic()
        if now - self._typed_at > self.SEARCH_RESET:
            self.query_text = ""
        self._typed_at = now
        self.query_text += event.character
        wanted = self.query_text.casefold()
        labels = [label.casefold() for _, label, _ in self.choices]
        found = next((n for n, label in enumerate(labels) if label.startswith(wanted)), None)
        if found is None:
            found = next((n for n, label in enumerate(labels) if wanted in label), None)
        if found is not None:
            self.query_one(OptionList).highlighted = found
        event.stop()
        event.prevent_default()

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
