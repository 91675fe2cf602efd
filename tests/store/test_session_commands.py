"""`cyberdrill sessions` and `cyberdrill host` on stored sessions of the mini pack."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime

from drills import mini, solved, started
from store_builders import child_env

from cyberdrill.engine.commands import EndSession, StartClock
from cyberdrill.engine.events import InjectDelivered
from cyberdrill.service import DrillService, wall_now
from cyberdrill.store import open_log
from cyberdrill.store.seats import HOST_SEAT


def cyberdrill(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyberdrill", *args], check=False, capture_output=True, text=True,
                          env=child_env(), timeout=120)


def test_sessions_lists_pack_teams_status_time_and_score(db_url: str) -> None:
    done = solved(db_url)
    live = started(db_url, seed=2)
    listing = cyberdrill("sessions", "--db", db_url)
    assert listing.returncode == 0, listing.stderr
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()[1:]}
    ended_line, open_line = lines[done.session_id], lines[live.session_id]
    assert "mini 0.1.0" in ended_line and "th-cert" in ended_line and "ru-cert" in ended_line
    assert " ended " in ended_line and "T+08:00" in ended_line
    expected = {team.team: team.percent for team in done.scorecard().teams}
    for team, percent in expected.items():
        assert f"{team} {percent:.0f}%" in ended_line
    assert " open " in open_line and "T+00:00" in open_line


def test_a_stale_cached_score_is_recomputed_from_the_log_and_cached(db_url: str) -> None:
    drill = solved(db_url)
    log = open_log(db_url)
    info = log.session(drill.session_id)
    info.score, info.score_seq = {"th-cert": 1.0, "ru-cert": 1.0}, info.last_seq - 1
    log.update_session(info)
    listing = cyberdrill("sessions", "--db", db_url)
    real = {team.team: team.percent for team in drill.scorecard().teams}
    assert real != {"th-cert": 1.0, "ru-cert": 1.0}
    assert all(f"{team} {percent:.0f}%" in listing.stdout for team, percent in real.items())
    cached = log.session(drill.session_id)
    assert (cached.score, cached.score_seq) == (real, cached.last_seq)


def test_sessions_on_an_empty_database_says_there_are_none(db_url: str) -> None:
    listing = cyberdrill("sessions", "--db", db_url)
    assert listing.returncode == 0 and listing.stdout.startswith("no sessions yet")


def _host(db_url: str, session: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cyberdrill", "host", session, "--db", db_url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())


def _read_until(proc: subprocess.Popen[str], wanted: str) -> list[str]:
    assert proc.stdout is not None
    lines: list[str] = []
    while not any(wanted in line for line in lines):
        line = proc.stdout.readline()
        assert line, f"host exited before printing {wanted!r}: {lines} {proc.stderr.read() if proc.stderr else ''}"
        lines.append(line)
    return lines


def test_host_drives_the_clock_alone_prints_injects_and_stops_when_the_session_ends(db_url: str) -> None:
    drill = started(db_url)
    # 20 exercise minutes per wall second: the first injects (T+00:10, T+00:30) fall due at once.
    drill.execute(StartClock(at=0, wall_at=wall_now(), speed=1200))
    host = _host(db_url, drill.session_id)
    try:
        lines = _read_until(host, "T+00:30")
        assert lines[0].startswith(f"hosting session {drill.session_id}")
        assert any(line.startswith("T+00:10  th-bank -> th-cert  [") for line in lines)

        second = cyberdrill("host", drill.session_id, "--db", db_url)
        assert second.returncode == 1
        assert "already has a live host: cyberdrill host (pid" in second.stderr

        console = DrillService(open_log(db_url), mini()).open(drill.session_id)
        console.execute(EndSession(at=console.now(datetime.now(UTC)), wall_at=wall_now()))
        out, _ = host.communicate(timeout=60)
        assert host.returncode == 0
        assert "session ended by" in out
    finally:
        if host.poll() is None:
            host.kill()
    log = open_log(db_url)
    delivered = Counter(e.inject for _, e in log.read(drill.session_id) if isinstance(e, InjectDelivered))
    assert delivered["victim-call"] == 1 and delivered["preservation-ask"] == 1
    assert [s for s in log.seats(drill.session_id) if s.seat == HOST_SEAT] == []


def test_ctrl_c_stops_the_host_and_frees_its_seat(db_url: str) -> None:
    drill = started(db_url)
    host = _host(db_url, drill.session_id)
    try:
        lines = _read_until(host, "waiting for the instructor to start the clock")
        assert lines[0].startswith("hosting session")
        assert [s.seat for s in open_log(db_url).seats(drill.session_id)] == [HOST_SEAT]
        host.send_signal(signal.SIGINT)
        out, _ = host.communicate(timeout=60)
        assert host.returncode == 0 and "host stopped" in out
    finally:
        if host.poll() is None:
            host.kill()
    assert open_log(db_url).seats(drill.session_id) == []


def test_host_refuses_a_session_that_has_ended(db_url: str) -> None:
    drill = solved(db_url)
    result = cyberdrill("host", drill.session_id, "--db", db_url)
    assert result.returncode == 1 and "has ended" in result.stderr
