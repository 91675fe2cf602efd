"""Per-team access codes: what a trainee types to sit at their team's served seat.

A code is 16 characters of Crockford's base32 (no I, L, O, U) in four groups of four,
drawn with `secrets` (80 bits). The session keeps only each code's scrypt hash, in its settings under
ACCESS_CODES_SETTING (the same hash as the instructor's passphrase, store/seats.py), so anyone who can
read the database learns no code. A code opens one team's seat and no other.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdrill.store.seats import hash_passphrase, verify_passphrase

if TYPE_CHECKING:
    from cyberdrill.store.base import EventLog, SessionInfo

ACCESS_CODES_SETTING = "access_codes"  # {team id: scrypt hash}
# Crockford's base32: no I, L, O or U, so nothing reads as another character.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
GROUPS, GROUP_LEN = 4, 4


def new_code() -> str:
    """A fresh access code, e.g. `K7QM-2XWD-9HPT-RC4N`."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    return "-".join(chars[i:i + GROUP_LEN] for i in range(0, len(chars), GROUP_LEN))


def normalise(typed: str) -> str:
    """A code as typed (any case, spaces or dashes anywhere, O for 0 and I/L for 1 forgiven) in its
    canonical form, so `k7qm 2xwd 9hpt rc4n` opens the seat of `K7QM-2XWD-9HPT-RC4N`."""
    chars = [c for c in typed.upper().translate(_MISREAD) if c.isascii() and c.isalnum()]
    return "-".join("".join(chars[i:i + GROUP_LEN]) for i in range(0, len(chars), GROUP_LEN))


def stored_codes(info: SessionInfo) -> dict[str, str]:
    """The session's code hashes by team (teams without a code are absent)."""
    codes = info.settings.get(ACCESS_CODES_SETTING)
    if not isinstance(codes, dict):
        return {}
    return {team: digest for team, digest in codes.items() if isinstance(digest, str) and team in info.teams}


def check_code(info: SessionInfo, team: str, typed: str) -> bool:
    """Whether `typed` is the access code of `team` in this session (False for a team that does not play
    or has no code: a missing code opens nothing)."""
    digest = stored_codes(info).get(team)
    return digest is not None and verify_passphrase(normalise(typed), digest)


def issue_codes(log: EventLog, session: str, teams: Iterable[str]) -> dict[str, str]:
    """New codes for `teams` of the session, replacing their old ones (which stop working at once);
    the other teams keep theirs. Returns the codes in clear, the only time they are seen."""
    info = log.session(session)
    unknown = [team for team in teams if team not in info.teams]
    if unknown:
        raise KeyError(f"team {unknown[0]!r} does not play in session {info.id}; its teams: {', '.join(info.teams)}")
    fresh = {team: new_code() for team in teams}
    hashes = stored_codes(info)
    hashes.update({team: hash_passphrase(code) for team, code in fresh.items()})
    info.settings = {**info.settings, ACCESS_CODES_SETTING: hashes}
    log.update_session(info)
    return fresh


def codes_file(codes: Mapping[str, str], urls: Mapping[str, str]) -> str:
    """The `--codes-out` document: {"teams": {team: {"code": …, "url": …}}}."""
    teams = {team: {"code": code, "url": urls.get(team, "")} for team, code in codes.items()}
    return json.dumps({"teams": teams}, indent=2, ensure_ascii=False) + "\n"


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` readable by its owner only (mode 0600), also when the file existed."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


INSTRUCTOR_LOGIN = "instructor"


def check_login(log: EventLog, session: str, seat: str, secret: str) -> bool:
    """Whether `secret` opens `seat` of the session as it is stored now (so a code rotated a moment
    ago already counts): a team's access code for a team's seat, the session's passphrase for
    INSTRUCTOR_LOGIN. A session without a passphrase opens no instructor seat to anyone."""
    from cyberdrill.service import check_passphrase, needs_passphrase

    info = log.session(session)
    if seat == INSTRUCTOR_LOGIN:
        return needs_passphrase(info) and check_passphrase(info, secret)
    return check_code(info, seat, secret)
