"""Seats: who sits at a session (a team's console, the instructor, the clock host), and the instructor's
passphrase. No SQL here: the TUI hashes and checks passphrases without importing the database layer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

# The seat whose holder drives the exercise clock and fires timed injects: the instructor console or a
# headless `cyberdrill host`. Exactly one live holder per session, so no inject fires twice.
HOST_SEAT = "host"
INSTRUCTOR_SEAT = "instructor"

# A host refreshes its heartbeat every second; one silent for this long is taken for dead (a killed
# process cannot release its seat), so a new host may take over.
HOST_STALE_AFTER = 10.0

# Settings key under which a session keeps the instructor's passphrase hash.
PASSPHRASE_SETTING = "instructor_passphrase"

# scrypt cost: n=2**14, r=8 takes ~50 ms and 16 MiB, enough to make guessing a drill passphrase slow
# while keeping joining instant. The parameters travel with the hash, so raising them later still
# verifies old hashes.
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat at a session: `seat` is a team id, "instructor" or "host"; `holder` names the process
    or person sitting there; `heartbeat_at` is a wall-clock reading (epoch seconds)."""

    session: str
    seat: str
    holder: str
    joined_at: str
    heartbeat_at: float


class SeatTaken(Exception):
    """Another live holder already sits at an exclusive seat."""


def hash_passphrase(text: str) -> str:
    """A salted scrypt hash of `text`, as `scrypt$n$r$p$salt_hex$hash_hex`."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(text.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_passphrase(text: str, stored: str) -> bool:
    """Whether `text` is the passphrase behind `stored` (a `hash_passphrase` result). A malformed hash
    verifies nothing."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
        digest = hashlib.scrypt(text.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p),
                                maxmem=256 * 1024 * 1024, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    # Constant time: the comparison must not reveal how many leading bytes matched.
    return hmac.compare_digest(digest, expected)
