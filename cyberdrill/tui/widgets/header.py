"""The one-line drill header: whose console, the exercise clock, the local times of the countries."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from cyberdrill.tui.inert import inert


class DrillHeader(Widget):
    """Shows `title` on the left and the clock on the right. Its parent screen sets the attributes."""

    DEFAULT_CSS = """
    DrillHeader {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    DrillHeader.-instructor { background: $primary-darken-2; }
    """

    title: reactive[str] = reactive("cyberdrill")
    subtitle: reactive[str] = reactive("")  # dropped first when the terminal is narrow
    clock: reactive[str] = reactive("")  # 'T+01:25'
    status: reactive[str] = reactive("")  # '▶ ×10', '⏸ paused'
    local: reactive[str] = reactive("")  # 'Bangkok 10:25 · Moscow 06:25'
    extra: reactive[str] = reactive("")  # 'Score 41 %' when the pack shows the live score
    alert: reactive[str] = reactive("")  # in place of `status` while something is wrong (the app's `alert`)

    def on_mount(self) -> None:
        if hasattr(self.app, "alert"):  # the app tells every console at once (clock host gone, store down)
            self.watch(self.app, "alert", self._alert_changed, init=True)

    def _alert_changed(self, alert: str) -> None:
        self.alert = alert

    def render(self) -> RenderableType:
        narrow = self.size.width < 100
        # Titles carry pack and team names: data, never markup or terminal controls.
        left = inert(self.title, style="bold")
        if self.subtitle and not narrow:
            left.append_text(inert(f" · {self.subtitle}"))
        right = Text.assemble(inert(self.clock, "bold"), " ")
        right.append_text(inert(self.alert, style="bold red") if self.alert else inert(self.status))
        if self.local:
            right.append_text(inert(f" · {self.local}"))
        if self.extra:
            right.append_text(inert(f" · {self.extra}", style="bold"))
        grid = Table.grid(expand=True, padding=(0, 0, 0, 1))  # a space between a cut title and the clock
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        return grid
