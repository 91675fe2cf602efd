"""Form widgets that say what they hold without colour: a tick box and a checklist whose glyph differs
ticked (✔) and not ( ), for terminals without colour, colour-blind trainees and screen readers."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton

TICKED = "✔"
UNTICKED = " "


class TickBox(Checkbox):
    """A Checkbox drawing ✔ when ticked and a blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED  # per instance: read by the base class
        return super()._button


class Checklist(SelectionList[str]):
    """A SelectionList drawing ✔ beside the ticked options and a blank beside the others."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= self.option_count:
            return line
        glyph = TICKED if self.get_option_at_index(index).value in self._selected else UNTICKED
        segments = list(line)
        for n, segment in enumerate(segments[:3]):
            if segment.text == ToggleButton.BUTTON_INNER:
                segments[n] = Segment(glyph, segment.style, segment.control)
                return Strip(segments, line.cell_length)
        return line
