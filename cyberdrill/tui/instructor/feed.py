"""The instructor's live event feed: lines are appended as events arrive, never re-rendered as a whole."""

from __future__ import annotations

from collections import deque

from rich.text import Text
from textual import events
from textual.widgets import RichLog


class EventFeed(RichLog):
    """A log of event lines (Rich Text, never markup: they carry trainees' subjects), the latest `keep`
    of them. New lines are written once; only a change of width re-wraps the lines kept."""

    def __init__(self, keep: int, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, max_lines=keep, min_width=20, auto_scroll=True, markup=False)
        self._kept: deque[Text] = deque(maxlen=keep)
        self._width = 0

    def add(self, lines: list[Text]) -> None:
        """Append lines at the bottom."""
        for line in lines:
            self._kept.append(line)
            self.write(line)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.clear()
            for line in self._kept:
                self.write(line)
