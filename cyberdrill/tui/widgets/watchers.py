"""Dropping watches held by widgets that are gone.

Textual keeps a widget's watch on another object's reactive until that reactive next changes; a
TextArea watches the app's `theme`, which rarely changes, so every action form with a text area stayed
in memory with its render caches. Over a drill that grew the heap by thousands of objects per form and
made each full garbage collection slower (150-200 ms pauses on the path of a reply). Called when a
dialog closes.

Textual has no public way to drop a watch (upstream: Textualize/textual#6666, "watchers from
`self.watch(other, ...)` are not removed when the owner is removed from the DOM", open). The watches live
in the reactive object's `"__watchers"` attribute; tests/tui/test_textual_canaries.py fails loudly if
Textual renames or reshapes it, and the day #6666 is fixed this module can go.
"""

from __future__ import annotations

from typing import Any

WATCHERS = "__watchers"  # where textual.reactive keeps the watches on an object's reactives


def forget_closed_watchers(obj: Any) -> None:
    """Remove the watches on `obj`'s reactives whose watching widget is no longer in the app."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(obj, WATCHERS, {})
    for entries in watchers.values():
        entries[:] = [(node, callback) for node, callback in entries if node.is_attached and node.is_running]
