"""Starting and opening sessions for the consoles: the only place the TUI calls DrillService. Which pack
folder a stored session is played from is the service's `locate_pack`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cyberdrill.i18n import _
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.tui.live import LiveSession, Seating, WallClock

if TYPE_CHECKING:
    from cyberdrill.service import EventLog, SessionInfo

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
    languages: dict[str, str] = field(default_factory=dict)  # team -> language, where not its teams[].language


def start_session(log: EventLog, loaded: LoadedPack, choice: NewSession, clock: WallClock) -> LiveSession:
    """Create a session (SessionStarted appended) and seat this terminal at it as its host."""
    from cyberdrill.service import DrillService, passphrase_settings

    settings: dict[str, Any] = {
        PACK_PATH_SETTING: str(loaded.root),
        SEATING_SETTING: "hosted" if choice.hosted else "hot-seat",
    }
    settings.update(passphrase_settings(choice.passphrase))
    languages = {team: lang for team, lang in choice.languages.items() if team in choice.teams}
    drill = DrillService(log, loaded).start(
        seed=choice.seed, teams=list(choice.teams), time_scale=choice.time_scale, settings=settings,
        languages=languages or None,
    )
    seating = Seating(instructor=True, teams=() if choice.hosted else choice.teams, host=True)
    return LiveSession(drill, log, drill.session_id, loaded, clock, seating)


class WrongPassphrase(PermissionError):
    """The instructor seat of a session was asked for with a passphrase that does not open it."""


def open_session(
    log: EventLog, loaded: LoadedPack, info: SessionInfo, clock: WallClock, team: str | None = None,
    passphrase: str = "",
) -> LiveSession:
    """Seat this terminal at a stored session: as one team (`join`), or as its instructor (resume), which
    the service opens only with the session's passphrase (WrongPassphrase otherwise)."""
    from cyberdrill.service import DrillService, check_passphrase

    if team is None and not check_passphrase(info, passphrase):
        raise WrongPassphrase(_("that is not the passphrase of session {session}").format(session=info.id[:8]))
    drill = DrillService(log, loaded).open(info.id)
    if team is not None:
        seating = Seating(instructor=False, teams=(team,), host=False)
    else:
        hosted = info.settings.get(SEATING_SETTING) == "hosted"
        seating = Seating(instructor=True, teams=() if hosted else tuple(info.teams), host=True)
    return LiveSession(drill, log, info.id, loaded, clock, seating)
