"""What `cyberdrill play` and `cyberdrill join` ask of the app, and what tests inject instead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberdrill.service import EventLog


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class PlayOptions:
    """How the app starts: the launcher (play) or straight into one team's console (join)."""

    pack: Path | None = None  # a pack given on the command line, offered first
    db: str | None = None  # database URL; None: $CYBERDRILL_DB, else SQLite in the user's data folder
    seed: int | None = None  # the new-session dialog's default seed
    packs_dir: Path | None = None  # another folder of packs to offer
    join_session: str | None = None  # `cyberdrill join SESSION --team ID`
    join_team: str | None = None
    log: EventLog | None = None  # an event log to use instead of opening `db` (tests: MemoryLog)
    clock: Callable[[], datetime] = field(default=utc_now)  # the wall clock (tests: a fixed one)
    reports_dir: Path | None = None  # where "end and report" writes; None: the user's data folder
    bundled: bool = True  # offer the bundled packs (tests turn this off to list only their own)
    lang: str | None = None  # the consoles' language (en, ru, th); None: $CYBERDRILL_LANG, else the locale
