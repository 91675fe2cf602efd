"""The key footer, redrawn only when the keys it shows change.

Textual's Footer recomposes (a new widget per key) every time the screen's bindings are re-checked:
on every focus change, and whenever a dialog closes. The keys are almost always the same, so that work
sat on the path of every action a trainee sent; this footer compares first. It overrides
`Footer.bindings_changed`, the method Footer subscribes to the screen's public `bindings_updated_signal`
(no public hook exists for "the keys changed"); tests/tui/test_textual_canaries.py fails if Textual
stops calling it.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from cyberdrill.i18n import N_, _, current_language
from cyberdrill.tui.keys import shown_tooltip

KeyRow = tuple[tuple[str, str, bool, str], ...]
N_("palette")  # Textual's own label for ctrl+p in the footer


NARROW = 100  # below this many columns the keys sit closer together, so more of them fit at 80


class DrillFooter(Footer):
    """A Footer that recomposes only when the shown keys, their labels or their enabled state change.
    In a narrow terminal it packs the keys tighter and leaves out the palette's key (F1 names it), so a
    console's own keys fit at 80 columns."""

    DEFAULT_CSS = """
    DrillFooter.-compact FooterLabel { margin: 0 1 0 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: KeyRow | None = None  # the keys last drawn; None until the screen first sent them

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = (("", current_language(), True, ""), *(
            (binding.key, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        ))
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # Textual builds the keys from the bindings' English words; they are shown in the seat's language.
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
                if isinstance(widget.tooltip, str):
                    widget.tooltip = shown_tooltip(widget.tooltip)
            elif isinstance(widget, FooterLabel):
                widget.update(_(str(widget.content)))
            yield widget



    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.compact:
            self.compact = narrow
            self.show_command_palette = not narrow
            if self._shown is not None:
                self.call_after_refresh(self.recompose)  # the palette's key comes or goes
