"""Starting and opening sessions for the consoles: the only place the TUI calls DrillService."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.tui.live import LiveSession, Seating, WallClock

if TYPE_CHECKING:
    from cyberdrill.store.base import EventLog, SessionInfo

PACK_PATH_SETTING = "pack_path"
SEATING_SETTING = "seating"  # "hot-seat" or "hosted"


@dataclass(frozen=True)
class NewSession:
    """What the new-session dialog asked for."""

    seed: int
    time_scale: float
    teams: tuple[str, ...]
    hosted: bool  # team consoles join from other terminals; this one is the instructor's
    passphrase: str = ""


def start_session(log: EventLog, loaded: LoadedPack, choice: NewSession, clock: WallClock) -> LiveSession:
    """Create a session (SessionStarted appended) and seat this terminal at it as its host."""
    from cyberdrill.service import DrillService

    settings: dict[str, Any] = {
        PACK_PATH_SETTING: str(loaded.root),
        SEATING_SETTING: "hosted" if choice.hosted else "hot-seat",
    }
    if choice.passphrase:
        from cyberdrill.store.seats import PASSPHRASE_SETTING, hash_passphrase

        settings[PASSPHRASE_SETTING] = hash_passphrase(choice.passphrase)
    drill = DrillService(log, loaded).start(
        seed=choice.seed, teams=list(choice.teams), time_scale=choice.time_scale, settings=settings
    )
    seating = Seating(instructor=True, teams=() if choice.hosted else choice.teams, host=True)
    return LiveSession(drill, log, drill.session_id, loaded, clock, seating)


def open_session(
    log: EventLog, loaded: LoadedPack, info: SessionInfo, clock: WallClock, team: str | None = None
) -> LiveSession:
    """Seat this terminal at a stored session: as one team (`join`), or as its instructor (resume)."""
    from cyberdrill.service import DrillService

    drill = DrillService(log, loaded).open(info.id)
    if team is not None:
        seating = Seating(instructor=False, teams=(team,), host=False)
    else:
        hosted = info.settings.get(SEATING_SETTING) == "hosted"
        seating = Seating(instructor=True, teams=() if hosted else tuple(info.teams), host=True)
    return LiveSession(drill, log, info.id, loaded, clock, seating)


def pack_for(info: SessionInfo, known: list[Path]) -> Path | None:
    """The pack folder a stored session was played from: its recorded path, else a known folder whose
    pack.yaml names the same pack id (bundled packs move when cyberdrill is reinstalled)."""
    recorded = info.settings.get(PACK_PATH_SETTING)
    if recorded and (Path(recorded) / "pack.yaml").is_file():
        return Path(recorded)
    for folder in known:
        if folder.name == info.pack or pack_id(folder) == info.pack:
            return folder
    return None


def pack_id(folder: Path) -> str | None:
    """The `id:` at the top level of a folder's pack.yaml, read without loading the pack."""
    try:
        text = (folder / "pack.yaml").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^id:\s*['\"]?([\w.-]+)", text, re.MULTILINE)
    return found.group(1) if found else None
