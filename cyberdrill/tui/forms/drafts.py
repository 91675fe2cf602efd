"""Drafts: what a seat has typed into a form and not sent, kept until it is sent or discarded.

A draft is the seat's private note, not a drill fact: it is no event and never reaches the session's log.
It lives in a small JSON file in the user's data folder (`$CYBERDRILL_DRAFTS` names another file), keyed by
session, team, action type and the message answered, so a half-typed request survives switching consoles,
closing the form by mistake and restarting the seat.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def drafts_path() -> Path:
    """$CYBERDRILL_DRAFTS, else drafts.json in the user's data folder."""
    named = os.environ.get("CYBERDRILL_DRAFTS")
    if named:
        return Path(named)
    from cyberdrill.paths import data_dir

    return data_dir() / "drafts.json"


def draft_key(session: str, team: str, action: str, reply_to: str | None) -> str:
    """The key of one form's draft."""
    return "|".join((session, team, action, reply_to or ""))


class Drafts:
    """The drafts file: read whole, written whole (atomically) on each change; a damaged or unreadable file
    counts as empty (a draft is a convenience, never a reason for the console to fail)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or drafts_path()

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            scratch = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            scratch.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            scratch.replace(self.path)
        except OSError:
            pass  # a read-only data folder: the draft lives as long as the form

    def load(self, key: str) -> dict[str, Any] | None:
        """The field values of the draft under `key`, or None."""
        values = self._read().get(key)
        return dict(values) if isinstance(values, dict) else None

    def save(self, key: str, values: dict[str, Any]) -> None:
        data = self._read()
        if data.get(key) == values:
            return
        data[key] = values
        self._write(data)

    def discard(self, key: str) -> None:
        data = self._read()
        if data.pop(key, None) is not None:
            self._write(data)
