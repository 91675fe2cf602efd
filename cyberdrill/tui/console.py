"""What every session console shares: it follows the app's `seq` and `now`, and while another console is
in front (hot-seat keeps several) it only notes that it is stale and catches up when shown again.

A console subclasses `Console`, calls `follow_session()` at the end of `on_mount`, and implements
`refresh_view()` (rebuild from `self.app.live`) and `refresh_clock()` (the header's clock). The team
console (h2b) adopts it by replacing its own `_stale` bookkeeping and watches with those three lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


class Console(Screen[None]):
    """A screen that shows the running session (see the module docstring)."""

    app: CyberdrillApp

    def __init__(self, name: str | None = None) -> None:
        super().__init__(name=name)
        self.stale = False  # the session moved on while this console was not in front
        self.shown = False  # refresh_view has run once (the first one always runs, even in the background)

    def follow_session(self) -> None:
        """Start following the session: refresh now and on every new event, and the clock every second."""
        self.watch(self.app, "seq", self._session_moved, init=True)
        self.watch(self.app, "now", self._clock_moved, init=True)

    def _session_moved(self, _seq: int) -> None:
        if self.shown and not self.is_current:
            self.stale = True
            return
        self.catch_up()

    def _clock_moved(self, _now: int) -> None:
        self.refresh_clock()

    def catch_up(self) -> None:
        """Rebuild the view now, whether or not it was stale."""
        self.stale = False
        self.shown = True
        self.refresh_view()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.catch_up()

    def refresh_view(self) -> None:
        """Rebuild what the console shows from `self.app.live`."""
        raise NotImplementedError

    def refresh_clock(self) -> None:
        """Refresh the clock in the header from `self.app.now`."""
        raise NotImplementedError
