"""Store figures: appends per second (one event per transaction) against a raw-driver baseline in the same
run, the cost of one empty poll, and the median delay until a second process sees a new event.

usage: python bench/store.py [--appends N] [--probes N] [--poll SECONDS]
PostgreSQL is measured too when $CYBERDRILL_TEST_PG names a server (a scratch database is created and
dropped). Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

# The working tree's cyberdrill, not an installed copy (only sys.path lines may sit between imports)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cyberdrill.engine.events import ActionTaken
from cyberdrill.store import SessionInfo, open_log
from cyberdrill.store.database import dispose_all

REPO = Path(__file__).resolve().parent.parent


def _event(n: int) -> ActionTaken:
    # A typical team action: a handful of fields, some free text.
    return ActionTaken(t=n, action_id=f"A{n}", team="th-thaicert", action="preservation_request",
                       fields={"to": "ru-247-poc", "channel": "24-7-network", "tlp": "TLP:AMBER",
                               "custodian": "Hoster LLC", "data_to_preserve": ["185.12.4.9"], "n": n,
                               "body": "Please preserve the panel's access logs; an MLA request follows."},
                       wall_at="2025-03-01T09:00:00+00:00")


def _new_session(url: str) -> tuple[object, str]:
    log = open_log(url)
    session = uuid.uuid4().hex
    log.create_session(SessionInfo(id=session, pack="bench", pack_version="1", pack_hash="-", seed=1,
                                   teams=["th-thaicert"]))
    return log, session


def store_appends_per_second(url: str, count: int) -> float:
    """SqlLog.append, one event per call (one transaction each)."""
    log, session = _new_session(url)
    started = time.perf_counter()
    seq = 0
    for n in range(count):
        seq = log.append(session, seq, [_event(n)])  # type: ignore[attr-defined]
    return count / (time.perf_counter() - started)


def empty_poll_seconds(url: str, count: int = 500) -> float:
    """One read(session, after_seq=last) that finds nothing: what every console pays per poll."""
    log, session = _new_session(url)
    seq = log.append(session, 0, [_event(n) for n in range(200)])  # type: ignore[attr-defined]
    started = time.perf_counter()
    for _ in range(count):
        log.read(session, seq)  # type: ignore[attr-defined]
    return (time.perf_counter() - started) / count


def sqlite_baseline(path: Path, count: int, synchronous: str) -> float:
    """Raw sqlite3: one INSERT per BEGIN IMMEDIATE ... COMMIT into a table like `events`."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {synchronous}")
    db.execute("CREATE TABLE events (session_id TEXT, seq INTEGER, type TEXT, team TEXT, t INTEGER, "
               "wall_at TEXT, payload TEXT, PRIMARY KEY (session_id, seq))")
    payload = json.dumps(_event(0).to_json())
    started = time.perf_counter()
    for n in range(count):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ("s", n + 1, "action_taken", "th-thaicert", n, "2025-03-01T09:00:00+00:00", payload))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return count / elapsed


def postgres_baseline(url: str, count: int) -> float:
    """Raw psycopg: one INSERT per transaction into a table like `events`."""
    import psycopg

    payload = json.dumps(_event(0).to_json())
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1)) as db:
        db.execute("CREATE TABLE baseline (session_id TEXT, seq INTEGER, type TEXT, team TEXT, t INTEGER, "
                   "wall_at TEXT, payload JSON, PRIMARY KEY (session_id, seq))")
        db.commit()
        started = time.perf_counter()
        for n in range(count):
            db.execute("INSERT INTO baseline VALUES (%s, %s, %s, %s, %s, %s, %s)",
                       ("s", n + 1, "action_taken", "th-thaicert", n, "2025-03-01T09:00:00+00:00", payload))
            db.commit()
        return count / (time.perf_counter() - started)


def watch(url: str, session: str, poll: float, expect: int) -> None:
    """The second process: poll like a console, print the delay of each new event as it appears."""
    log = open_log(url)
    seen = 0
    while seen < expect:
        for seq, event in log.read(session, seen):
            print(f"{time.time() - event.fields['written_at']:.6f}", flush=True)  # type: ignore[attr-defined]
            seen = seq
        time.sleep(poll)


def visibility_delays(url: str, probes: int, poll: float) -> list[float]:
    """Seconds from a committed append to a second process polling every `poll` s seeing it."""
    log, session = _new_session(url)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, __file__, "--watch", url, session, str(poll), str(probes)],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    time.sleep(1.5)  # let it import and open the database
    delays = []
    for n in range(probes):
        event = ActionTaken(t=n, action_id=f"A{n}", team="th-thaicert", action="note",
                            fields={"written_at": time.time()})
        log.append(session, n, [event])  # type: ignore[attr-defined]
        delays.append(float(child.stdout.readline()))
        # Not in step with the poll, as real actions are not.
        time.sleep(poll * (0.3 + (n * 0.618) % 1))
    child.wait()
    return delays


def _report(name: str, url: str, args: argparse.Namespace, baseline: tuple[str, float]) -> None:
    rate = store_appends_per_second(url, args.appends)
    poll_cost = empty_poll_seconds(url)
    delays = visibility_delays(url, args.probes, args.poll)
    label, base = baseline
    print(f"{name}: {rate:,.0f} appends/s via the store, one event per transaction")
    print(f"{name}: {base:,.0f} inserts/s {label}; store/baseline = {rate / base:.2f}")
    print(f"{name}: an empty poll (read after the last seq) takes {poll_cost * 1000:.2f} ms")
    print(f"{name}: a second process polling every {args.poll:.2f} s sees a new event after "
          f"{statistics.median(delays) * 1000:.0f} ms median, {max(delays) * 1000:.0f} ms worst "
          f"({len(delays)} probes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=1000)
    parser.add_argument("--probes", type=int, default=40)
    parser.add_argument("--poll", type=float, default=0.25, help="the console's poll interval (s)")
    parser.add_argument("--watch", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.watch:
        url, session, poll, expect = args.watch
        watch(url, session, float(poll), int(expect))
        return

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        full = sqlite_baseline(folder / "full.db", args.appends, "FULL")
        normal = sqlite_baseline(folder / "normal.db", args.appends, "NORMAL")
        _report("SQLite", f"sqlite:///{folder / 'store.db'}", args, ("with raw sqlite3 (WAL, synchronous=FULL)", full))
        print(f"SQLite: {normal:,.0f} inserts/s with raw sqlite3 at synchronous=NORMAL "
              f"(FULL costs x{normal / full:.1f}: one fsync per commit)")
        dispose_all()

    pg = os.environ.get("CYBERDRILL_TEST_PG")
    if not pg:
        print("PostgreSQL: skipped (set CYBERDRILL_TEST_PG to a server URL)")
        return
    import psycopg

    name = f"cyberdrill_bench_{uuid.uuid4().hex[:8]}"
    admin_url = pg.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{pg.rpartition('/')[0]}/{name}"
    try:
        base = postgres_baseline(url, args.appends)
        _report("PostgreSQL", url, args, ("with raw psycopg", base))
    finally:
        dispose_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
