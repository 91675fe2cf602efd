"""`cyberdrill serve` drives the session's clock as its host seat, unless another console holds it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MINI

from cyberdrill.engine.commands import StartClock
from cyberdrill.engine.events import InjectDelivered
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService, wall_now
from cyberdrill.store.base import EventLog
from cyberdrill.store.seats import HOST_SEAT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def host_holder(log: EventLog, session: str) -> str | None:
    return next((seat.holder for seat in log.seats(session) if seat.seat == HOST_SEAT), None)


def wait_until(check, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def serve_process(session: str, db_url: str, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery\n")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cyberdrill", "serve", session, "--db", db_url, "--ssh", f"127.0.0.1:{free_port()}",
         "--passphrase-file", str(passphrase)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


def test_serve_sits_in_the_host_seat_and_fires_timed_injects(log: EventLog, session: str,
                                                             serve_process: subprocess.Popen[str]) -> None:
    assert wait_until(lambda: (host_holder(log, session) or "").startswith("cyberdrill serve"))
    instructor = DrillService(log, load_pack(MINI)).open(session)
    instructor.execute(StartClock(at=0, wall_at=wall_now(), speed=300.0))  # T+00:10 is two seconds away
    def delivered() -> bool:
        return any(isinstance(event, InjectDelivered) and event.inject == "victim-call"
                   for _, event in log.read(session))
    assert wait_until(delivered)  # nobody but serve ticks this session
    serve_process.send_signal(signal.SIGINT)
    out, _ = serve_process.communicate(timeout=20)
    assert serve_process.returncode == 0
    assert "serve drives the session's clock" in out and "serve stopped" in out
    assert host_holder(log, session) is None  # the seat is released: another host may take it at once


def test_serve_waits_while_an_instructor_console_holds_the_clock(log: EventLog, session: str, db_url: str,
                                                                 tmp_path: Path) -> None:
    other = "instructor console (another terminal)"
    log.claim_seat(session, HOST_SEAT, other, exclusive=True)
    leaving = threading.Event()

    def console_heartbeat() -> None:  # the other console stays alive however slowly serve starts
        while not leaving.wait(1.0):
            log.heartbeat(session, HOST_SEAT, other)

    beating = threading.Thread(target=console_heartbeat, daemon=True)
    beating.start()
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "cyberdrill", "serve", session, "--db", db_url, "--ssh", f"127.0.0.1:{free_port()}",
         "--passphrase-file", str(passphrase)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        seen = [process.stdout.readline() for _ in range(6)]  # codes, clock, SSH, serving
        assert any("serve drives it once that console leaves" in line for line in seen), seen
        time.sleep(2)
        assert host_holder(log, session) == other  # serve did not take it
        leaving.set()
        beating.join()
        log.release_seat(session, HOST_SEAT, other)
        assert wait_until(lambda: (host_holder(log, session) or "").startswith("cyberdrill serve"), 20)
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    assert "serve drives the session's clock" in out
