"""Which messages a team's seat has read, kept per seat across a resume of the session.

Reading a message is not a fact of the drill (nothing is scored on it, the instructor does not see it, and
two terminals seating the same team may each have read different messages), so it is not an event of the
session's log: it is the seat's own note, one small JSON file per (session, team) in the user's data folder,
beside that seat's other notes. A file that cannot be read or written costs only the marks: the console
then shows messages unread, as it did before marks were kept.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def marks_path(session: str, team: str) -> Path:
    """Where a seat's read marks live: <data folder>/seats/<session>.<team>.read.json."""
    from cyberdrill.paths import data_dir

    return data_dir() / "seats" / f"{session}.{team}.read.json"


class ReadMarks:
    """The set of message ids a seat has read, saved on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read: set[str] = self._load()

    def _load(self) -> set[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        return {m for m in data.get("read", []) if isinstance(m, str)} if isinstance(data, dict) else set()

    def add(self, message_id: str) -> None:
        """Mark one message read and save the marks (atomically: a crash leaves the old file or the new)."""
        if message_id in self.read:
            return
        self.read.add(message_id)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".read-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"read": sorted(self.read)}, out)
            os.replace(tmp, self.path)
        except OSError:
            pass  # the marks live on in this console; only a later resume shows them unread
