"""Keeping the garbage collector's full passes off the path of a keystroke.

A full collection walks every object the app holds (Textual's render caches alone are tens of thousands
of small objects): 100-200 ms here, long enough to be felt when it lands between a trainee pressing
ctrl+s and the reply appearing. Python starts one whenever enough objects have survived two younger
collections, which in a console that redraws often is every minute or so, at random. So, once a console
is up, what the app holds for good is frozen (never walked again), automatic full passes are made rare,
and the console runs them itself when nobody has touched a key for a while.
"""

from __future__ import annotations

import gc
from time import monotonic

QUIET_SECONDS = 2.0  # no key or click for this long: a pause now goes unnoticed
DUE = 10  # younger collections since the last full one before a quiet full pass (Python's default)
RARELY = 500  # Python's own trigger, kept as a backstop should the console never be quiet


class QuietCollector:
    """Runs full collections when the user is idle. `touched` on input, `tick` once a second."""

    def __init__(self) -> None:
        self.last_input = monotonic()
        self.active = False

    def settle(self) -> None:
        """Once a console is up: collect, freeze what survives, and make automatic full passes rare."""
        gc.collect()
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, RARELY)
        self.active = True

    def release(self) -> None:
        """The console closed (back on the launcher, or quitting): what was frozen is collectable again
        (gc.unfreeze pairs settle's gc.freeze) and Python's own schedule is back."""
        if self.active:
            gc.unfreeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, DUE)
        self.active = False

    def touched(self) -> None:
        self.last_input = monotonic()

    def tick(self) -> None:
        """A full pass, if one is due and the user has been idle."""
        if self.active and gc.get_count()[2] >= DUE and monotonic() - self.last_input >= QUIET_SECONDS:
            gc.collect()
