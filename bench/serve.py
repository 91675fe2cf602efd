"""Served seats under load: for N concurrent SSH seats of one session, memory per seat (RSS of the seat
processes), CPU while idle, and p50/p95 time from an action one console records (the instructor's: it
fires an inject to ru-cert) to it being painted on every other seat of that team, against the same time
on a single local console (a seat process in a local PTY, no SSH): a ratio. With --pg, the same on
PostgreSQL with LISTEN/NOTIFY against PostgreSQL polled as SQLite is (CYBERDRILL_PG_LISTEN=off): a ratio.

usage: python bench/serve.py [--seats 10,30,60] [--events 8] [--idle 10] [--pg SERVER_URL [--pg-seats 10]]
The session is the mini test pack's on a throwaway SQLite file (and a throwaway PostgreSQL database on
SERVER_URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres); half the seats sit as th-cert,
half as ru-cert. Prints figures; asserts nothing (wall-clock figures move with the machine's load).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import statistics
import sys
import tempfile
import time
from pathlib import Path

# The working tree's cyberdrill and the tests' SSH client, not installed copies
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "serve"))

import pyte  # noqa: E402
from seat_client import SeatTerminal  # noqa: E402

from cyberdrill.engine.commands import FireInject  # noqa: E402
from cyberdrill.pack.load import load_pack  # noqa: E402
from cyberdrill.serve.access import issue_codes  # noqa: E402
from cyberdrill.serve.ssh import seat_command, start_ssh  # noqa: E402
from cyberdrill.service import Drill, DrillService  # noqa: E402
from cyberdrill.store import open_log  # noqa: E402

MINI = ROOT / "tests" / "fixtures" / "packs" / "mini"
TICKS = os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class LocalConsole:
    """One seat process in a local PTY, read by pyte: the baseline."""

    def __init__(self, session: str) -> None:
        self.screen = pyte.Screen(120, 40)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(sys.executable, seat_command(session, "ru-cert", None), {**os.environ, "TERM": "xterm-256color"})
        import fcntl
        import struct
        import termios

        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def pump(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        ready = asyncio.Event()
        loop.add_reader(self.fd, ready.set)
        try:
            while loop.time() < end:
                ready.clear()
                try:
                    await asyncio.wait_for(ready.wait(), max(0.01, end - loop.time()))
                except TimeoutError:
                    return
                try:
                    self.stream.feed(os.read(self.fd, 65536))
                except OSError:
                    return
        finally:
            loop.remove_reader(self.fd)

    async def wait_for(self, text: str, seconds: float = 120.0) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while text not in self.text and loop.time() < end:
            await self.pump(0.02)

    def close(self) -> None:
        os.write(self.fd, b"\x11")
        time.sleep(0.5)
        try:
            os.kill(self.pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


async def paint_times(drill: Drill, watchers: list, events: int, fired: list[int]) -> list[float]:  # type: ignore[type-arg]
    """Fire `events` injects to ru-cert one by one; for each, the seconds until every watcher shows it."""
    times: list[float] = []
    for _ in range(events):
        fired[0] += 1
        wanted = f"Inbox ({fired[0]} new)"
        start = time.perf_counter()
        drill.refresh()
        drill.execute(FireInject(at=drill.state.t, inject="preservation-ask"))

        async def seen(seat, wanted=wanted, start=start) -> float:  # type: ignore[no-untyped-def]
            await seat.wait_for(wanted, 120.0)
            return time.perf_counter() - start

        times += await asyncio.gather(*(seen(seat) for seat in watchers))
        await asyncio.sleep(0.3)
    return times


def quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


async def baseline(drill: Drill, events: int, fired: list[int]) -> tuple[float, float, float]:
    console = LocalConsole(drill.session_id)
    await console.wait_for(f"Inbox ({fired[0]} new)" if fired[0] else "Inbox")
    await console.pump(1.0)
    times = await paint_times(drill, [console], events, fired)
    memory = rss_mb(console.pid)
    console.close()
    p50, p95 = quantiles(times)
    return p50, p95, memory


async def served(drill: Drill, db: str, codes: dict[str, str], seats: int, events: int, idle: float,
                 fired: list[int]) -> dict[str, float]:
    acceptor, relay = await start_ssh("127.0.0.1", 0, drill.session_id, db=db)
    port = acceptor.get_port()
    teams = ["ru-cert" if i % 2 else "th-cert" for i in range(seats)]
    terminals = [SeatTerminal(port, team, codes[team]) for team in teams]
    started = time.perf_counter()
    for batch in range(0, seats, 5):  # five logins at a time: scrypt and process start-up share 2 cores
        await asyncio.gather(*(t.__aenter__() for t in terminals[batch:batch + 5]))
    await asyncio.gather(*(t.wait_for("Inbox", 600.0) for t in terminals))
    up = time.perf_counter() - started
    await asyncio.gather(*(t.pump(2.0) for t in terminals))
    children = sorted(relay.children)
    memory = [rss_mb(pid) for pid in children]
    before = sum(cpu_seconds(pid) for pid in children) + cpu_seconds(os.getpid())
    await asyncio.gather(*(t.pump(idle) for t in terminals))
    after = sum(cpu_seconds(pid) for pid in children) + cpu_seconds(os.getpid())
    watchers = [t for t, team in zip(terminals, teams, strict=True) if team == "ru-cert"]
    times = await paint_times(drill, watchers, events, fired)
    for terminal in terminals:
        await terminal.__aexit__(None, None, None)
    relay.hang_up_all()
    acceptor.close()
    await acceptor.wait_closed()
    p50, p95 = quantiles(times)
    return {"up": up, "rss": statistics.mean(memory), "cpu": 100 * (after - before) / idle, "p50": p50, "p95": p95}


def session_on(db: str) -> tuple[Drill, dict[str, str]]:
    """A fresh hosted session of the mini pack at `db`, and its teams' codes; seats started from now on
    open that database."""
    os.environ["CYBERDRILL_DB"] = db
    log = open_log(db)
    drill = DrillService(log, load_pack(MINI)).start(seed=1, teams=["th-cert", "ru-cert"],
                                                     settings={"seating": "hosted"})
    return drill, issue_codes(log, drill.session_id, ["th-cert", "ru-cert"])


def fresh_pg_database(server: str) -> str:
    """A new, empty database on the PostgreSQL server at `server` (a SQLAlchemy URL); its URL."""
    import uuid

    import psycopg

    name = f"cyberdrill_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server.rpartition('/')[0]}/{name}"


def drop_pg_database(server: str, url: str) -> None:
    """Drop a database `fresh_pg_database` made (this process's connections to it closed first)."""
    import psycopg

    from cyberdrill.store.database import dispose_all

    dispose_all()
    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


def row(label: str, r: dict[str, float], b50: float, b95: float) -> str:
    return (f"{label:>12} {r['up']:>10.1f} {r['rss']:>11.0f} {r['cpu']:>14.1f} {r['p50'] * 1000:>7.0f}"
            f" {r['p95'] * 1000:>7.0f} {r['p50'] / b50:>9.1f} {r['p95'] / b95:>9.1f}")


HEADER = (f"{'seats':>12} {'start-up s':>10} {'RSS/seat MB':>11} {'idle CPU %core':>14} {'p50 ms':>7} {'p95 ms':>7}"
          f" {'p50 ratio':>9} {'p95 ratio':>9}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seats", default="10,30,60", help="comma-separated seat counts")
    parser.add_argument("--events", type=int, default=8, help="events painted per measure")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measured")
    parser.add_argument("--pg", metavar="SERVER_URL", help="also measure PostgreSQL: NOTIFY against polling")
    parser.add_argument("--pg-seats", type=int, default=10, help="seats of the PostgreSQL measures")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="cyberdrill-bench-serve-")
    os.environ["XDG_DATA_HOME"] = folder
    os.environ["CYBERDRILL_DRAFTS"] = str(Path(folder) / "drafts.json")
    db = f"sqlite:///{folder}/bench.db"
    drill, codes = session_on(db)
    fired = [0]
    b50, b95, bmem = await baseline(drill, args.events, fired)
    print(f"SQLite. A single local console: paint p50 {b50 * 1000:.0f} ms, p95 {b95 * 1000:.0f} ms, "
          f"RSS {bmem:.0f} MB; ratios below are against it", flush=True)
    print(HEADER)
    for seats in [int(n) for n in args.seats.split(",")]:
        r = await served(drill, db, codes, seats, args.events, args.idle, fired)
        print(row(str(seats), r, b50, b95), flush=True)
    if not args.pg:
        return
    measured: dict[str, dict[str, float]] = {}
    for mode in ("notify", "poll"):
        os.environ["CYBERDRILL_PG_LISTEN"] = "on" if mode == "notify" else "off"
        pg = fresh_pg_database(args.pg)
        drill, codes = session_on(pg)
        fired = [0]
        try:
            measured[mode] = await served(drill, pg, codes, args.pg_seats, args.events, args.idle, fired)
        finally:
            drop_pg_database(args.pg, pg)
    notify, poll = measured["notify"], measured["poll"]
    print(f"PostgreSQL, {args.pg_seats} seats: LISTEN/NOTIFY against polling every 0.4 s "
          "(ratios: NOTIFY / polling)")
    print(HEADER)
    print(row("NOTIFY", notify, poll["p50"], poll["p95"]))
    print(row("polling", poll, poll["p50"], poll["p95"]))
    print(f"idle CPU NOTIFY / polling: {notify['cpu'] / poll['cpu']:.2f}" if poll["cpu"] else "")


if __name__ == "__main__":
    asyncio.run(main())
