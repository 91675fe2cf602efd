"""Store faults: the clock host rides out a database outage; the service's retries back off."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from drills import mini
from store_builders import PG_URL, child_env

from cyberdrill.commands.host_cmd import drive
from cyberdrill.engine.commands import EndSession, StartClock
from cyberdrill.engine.events import Event, InjectDelivered, SessionEnded
from cyberdrill.service import Drill, DrillService, wall_now
from cyberdrill.store import MemoryLog, StoreUnavailable, open_log


class FakeTime:
    """Wall clock and sleep for the host, in step: sleeping moves the clock on. After `end_after`
    seconds the instructor (`console`) ends the session."""

    def __init__(self) -> None:
        self.start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
        self.elapsed = 0.0
        self.console: Drill | None = None
        self.end_after = 10.0

    def wall(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def sleep(self, seconds: float) -> None:
        self.elapsed += seconds
        if self.console is not None and self.elapsed > self.end_after and not self.console.state.ended:
            self.console.refresh()
            self.console.execute(EndSession(at=self.console.now(self.wall()), wall_at=self.wall().isoformat()))


class OutageLog(MemoryLog):
    """A MemoryLog whose database is unreachable between `down` and `up` seconds of fake time."""

    def __init__(self, clock: FakeTime, down: float, up: float) -> None:
        super().__init__()
        self.clock, self.down, self.up = clock, down, up
        self.refused = 0

    def _check(self) -> None:
        if self.down <= self.clock.elapsed < self.up:
            self.refused += 1
            raise StoreUnavailable("cannot reach the database postgresql://drill@db/drill: connection refused")

    def append(self, session: str, expected_seq: int, events: list[Event], command_id: str | None = None) -> int:
        self._check()
        return super().append(session, expected_seq, events, command_id)

    def read(self, session: str, after_seq: int = 0) -> list[tuple[int, Event]]:
        self._check()
        return super().read(session, after_seq)

    def heartbeat(self, session: str, seat: str, holder: str, now: float | None = None) -> None:
        self._check()


def test_the_host_rides_out_a_3_s_outage_says_so_once_and_delivers_everything_once(
        capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeTime()
    log = OutageLog(clock, down=-1.0, up=-1.0)
    drill = DrillService(log, mini()).start(seed=1)
    # 1 wall second = 20 exercise minutes: the first injects fall due in the first seconds
    drill.execute(StartClock(at=0, wall_at=clock.wall().isoformat(), speed=1200))
    clock.console = DrillService(log, mini()).open(drill.session_id)
    log.down, log.up = 2.0, 5.0
    assert drive(drill, log, "host-under-test", sleep=clock.sleep, wall=clock.wall) == 0
    out, err = capsys.readouterr()
    assert log.refused >= 3  # the outage was met, more than once
    assert err.splitlines() == [
        "cyberdrill host: database unreachable, retrying with backoff (cannot reach the database "
        "postgresql://drill@db/drill: connection refused)",
        "cyberdrill host: database reachable again; hosting on",
    ]
    events = [e for _, e in log.read(drill.session_id)]
    assert isinstance(events[-1], SessionEnded)
    delivered = [e.inject for e in events if isinstance(e, InjectDelivered)]
    assert len(delivered) == len(set(delivered)) and "victim-call" in delivered
    assert [seq for seq, _ in log.read(drill.session_id)] == list(range(1, len(events) + 1))
    assert "session ended by" in out




class Proxy:
    """A TCP relay to the PostgreSQL server that the test can cut: `down()` drops every connection and
    refuses new ones, as a server restart or a network outage does for its clients; `up()` listens again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.live: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.up()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self.listener is None:
            return
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
        self.listener.close()
        self.listener = None
        for conn in list(self.live):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self.live.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.live += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)


@pytest.mark.skipif(not PG_URL, reason="set CYBERDRILL_TEST_PG to a PostgreSQL server URL to run the PostgreSQL tests")
def test_the_host_rides_out_a_3_s_postgresql_outage(pg_database: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_database)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    drill = DrillService(open_log(pg_database), mini()).start(seed=1)
    drill.execute(StartClock(at=0, wall_at=wall_now(), speed=1200))
    host = subprocess.Popen([sys.executable, "-m", "cyberdrill", "host", drill.session_id, "--db", through],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())
    try:
        assert host.stdout is not None
        while "T+00:10" not in (line := host.stdout.readline()):
            assert line, "the host stopped before the first inject"
        proxy.down()
        time.sleep(3)
        proxy.up()
        time.sleep(6)  # the host's backoff tops out at 4 s
        drill.refresh()
        drill.execute(EndSession(at=drill.now(datetime.now(UTC)), wall_at=wall_now()))
        out, err = host.communicate(timeout=60)
    finally:
        if host.poll() is None:
            host.kill()
        proxy.down()
    assert host.returncode == 0, err
    lines = err.splitlines()
    assert len(lines) == 2 and "Traceback" not in err
    assert lines[0].startswith("cyberdrill host: database unreachable, retrying with backoff (cannot reach the ")
    assert lines[1] == "cyberdrill host: database reachable again; hosting on"
    assert "session ended by" in out
    delivered = [e.inject for _, e in open_log(pg_database).read(drill.session_id) if isinstance(e, InjectDelivered)]
    assert len(delivered) == len(set(delivered)) and "preservation-ask" in delivered
