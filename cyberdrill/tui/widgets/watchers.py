"""Dropping watches held by widgets that are gone.

Textual keeps a widget's watch on another object's reactive until that reactive next changes; a
TextArea watches the app's `theme`, which rarely changes, so every action form with a text area stayed
in memory with its render caches. Over a drill that grew the heap by thousands of objects per form and
made each full garbage collection slower (150-200 ms pauses on the path of a reply). Called when a
dialog closes.
"""

from __future__ import annotations

from typing import Any


def forget_closed_watchers(obj: Any) -> None:
    """Remove the watches on `obj`'s reactives whose watching widget has been removed."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(obj, "__watchers", {})
    for entries in watchers.values():
        entries[:] = [(node, callback) for node, callback in entries if not (node._closing or node._closed)]
