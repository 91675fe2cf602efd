"""`cyberdrill sessions [--db URL]`: the stored sessions with pack, teams, status, exercise time and score.

The score shown is the one cached with the session when it was computed at the session's last event;
otherwise (the session moved on since, or was never scored) it is recomputed by replaying the log with
the session's pack, and cached again.
"""

from __future__ import annotations

import argparse
import sys

from cyberdrill.store.base import EventLog, SessionInfo


def clock(seconds: int) -> str:
    """Exercise time as T+hh:mm (whole minutes: a listing, not a stopwatch)."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    return f"T+{hours:02d}:{rest // 60:02d}"


def fresh_score(log: EventLog, info: SessionInfo) -> tuple[dict[str, float] | None, str]:
    """The session's per-team percent at its last event (service.session_score, which caches it), and a
    note when it could not be computed (the pack is missing or broken, the log never started): the
    cached score, if any, is then shown marked stale."""
    from cyberdrill.service import SessionNotStarted, SessionPackProblem, session_score

    try:
        return session_score(log, info), ""
    except (SessionPackProblem, SessionNotStarted) as problem:
        return None, str(problem)


def _score_text(score: dict[str, float] | None, cached: dict[str, float]) -> str:
    if score is None:
        return ("  ".join(f"{team} {percent:.0f}%" for team, percent in cached.items()) + " (stale)").strip()
    return "  ".join(f"{team} {percent:.0f}%" for team, percent in score.items()) or "-"


def run(args: argparse.Namespace) -> int:
    """Print one line per session, oldest first; 1 with a message if the database cannot be opened."""
    from cyberdrill.store import StoreError, open_log

    try:
        log = open_log(args.db)
        sessions = log.sessions()
    except StoreError as error:
        print(f"cyberdrill sessions: {error}", file=sys.stderr)
        return 1
    if not sessions:
        print("no sessions yet (start one with `cyberdrill play` or `cyberdrill run PACK --solution --db URL`)")
        return 0
    rows = [("SESSION", "PACK", "TEAMS", "STATUS", "TIME", "SCORE")]
    notes = []
    for info in sessions:
        score, note = fresh_score(log, info)
        if note:
            notes.append(f"{info.id}: score not recomputed: {note}")
        rows.append((info.id, f"{info.pack} {info.pack_version}", ",".join(info.teams), info.status,
                     clock(info.exercise_time), _score_text(score, info.score)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        # every column but the last is padded; the last (the score) is printed as it is
        print("  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
    for note in notes:
        print(note, file=sys.stderr)
    return 0
