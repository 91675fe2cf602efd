"""Two `cyberdrill serve` processes (two hosts, say one per country) on one PostgreSQL session: each
delivers an event to its own SSH seat (learnt through LISTEN/NOTIFY), and only one drives the clock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from conftest import MINI
from seat_client import SeatTerminal
from test_serve_clock import free_port, host_holder, wait_until

from cyberdrill.engine.commands import FireInject, StartClock
from cyberdrill.engine.events import InjectDelivered
from cyberdrill.pack.load import load_pack
from cyberdrill.serve.access import issue_codes
from cyberdrill.service import DrillService, passphrase_settings, wall_now
from cyberdrill.store import open_log


class Serve:
    """One `cyberdrill serve SESSION --ssh` process; its output is collected as it comes."""

    def __init__(self, session: str, db: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cyberdrill", "serve", session, "--db", db, "--ssh", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


@pytest.fixture
def session(pg_url: str) -> tuple[str, dict[str, str]]:
    """A hosted session of the mini pack on PostgreSQL, with codes and a passphrase already set (the
    instructor did that once, so the two hosts need not race for them)."""
    log = open_log(pg_url)
    drill = DrillService(log, load_pack(MINI)).start(seed=3, teams=["th-cert", "ru-cert"],
                                                     settings={"seating": "hosted"})
    codes = issue_codes(log, drill.session_id, ["th-cert", "ru-cert"])
    info = log.session(drill.session_id)
    info.settings = {**info.settings, **passphrase_settings("correct horse battery")}
    log.update_session(info)
    return drill.session_id, codes


@pytest.fixture
def two_serves(session: tuple[str, dict[str, str]], pg_url: str) -> Iterator[tuple[Serve, Serve]]:
    started: list[Serve] = []
    try:
        first = Serve(session[0], pg_url)
        started.append(first)
        assert wait_until(lambda: first.said("serving;"), 60), first.lines
        second = Serve(session[0], pg_url)  # after the first: it finds the host seat taken
        started.append(second)
        assert wait_until(lambda: second.said("serving;"), 60), second.lines
        yield first, second
    finally:
        for serve in started:
            serve.stop()


async def test_two_serve_hosts_deliver_to_their_seats_and_one_drives_the_clock(
        session: tuple[str, dict[str, str]], pg_url: str, two_serves: tuple[Serve, Serve]) -> None:
    session_id, codes = session
    first, second = two_serves
    log = open_log(pg_url)
    assert first.said("serve drives the session's clock")
    assert second.said("serve drives it once that console leaves")
    assert not second.said("serve drives the session's clock")
    assert (host_holder(log, session_id) or "").startswith("cyberdrill serve")

    async with SeatTerminal(first.port, "ru-cert", codes["ru-cert"]) as here, \
            SeatTerminal(second.port, "ru-cert", codes["ru-cert"]) as there:
        await here.wait_for("Inbox")
        await there.wait_for("Inbox")
        instructor = DrillService(log, load_pack(MINI)).open(session_id)
        instructor.execute(FireInject(at=0, inject="preservation-ask", wall_at=wall_now()))  # to ru-cert
        await here.wait_for("Please preserve", 30)
        await there.wait_for("Please preserve", 30)

    # the clock runs: T+00:10 is two seconds away at x300; the timed inject is delivered once, by one host
    instructor.refresh()
    instructor.execute(StartClock(at=instructor.state.t, wall_at=wall_now(), speed=300.0))

    def delivered() -> list[InjectDelivered]:
        return [e for _, e in log.read(session_id) if isinstance(e, InjectDelivered) and e.inject == "victim-call"]

    assert wait_until(lambda: bool(delivered()), 30)
    time.sleep(3)  # long enough for a second driver to have ticked too
    assert len(delivered()) == 1
    assert not second.said("serve drives the session's clock")  # the second never drove it
    assert first.stop() == 0
    # once the first host leaves, the second takes the clock over (it released the seat on the way out)
    assert wait_until(lambda: second.said("serve drives the session's clock"), 30), second.lines
    assert second.stop() == 0

