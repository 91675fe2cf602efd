"""Several processes writing one session at once, and a writer killed mid-stream."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from store_builders import action, child_env, new_info

from cyberdrill.engine.events import ActionTaken
from cyberdrill.store import open_log

APPENDER = Path(__file__).with_name("appender.py")


def _appender(url: str, session: str, writer: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(APPENDER), url, session, writer, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())


def _assert_gapless(seqs: list[int]) -> None:
    assert seqs == list(range(1, len(seqs) + 1))


def test_four_processes_append_500_events_each_without_gaps_or_errors(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    writers = {f"w{i}": _appender(db_url, info.id, f"w{i}", 500) for i in range(4)}
    results = {name: proc.communicate(timeout=600) for name, proc in writers.items()}
    for name, proc in writers.items():
        out, err = results[name]
        assert proc.returncode == 0, err
        assert err == ""  # no "database is locked", no warning reached the writer's terminal
        acked = [int(line) for line in out.split()]
        assert len(acked) == 500 and acked == sorted(acked)
    events = log.read(info.id)
    _assert_gapless([seq for seq, _ in events])
    assert len(events) == 2000
    by_writer: dict[str, list[int]] = {}
    for _, event in events:
        assert isinstance(event, ActionTaken)
        by_writer.setdefault(event.team, []).append(event.fields["n"])
    # Each writer's events are all there, once, in the order it wrote them.
    assert by_writer == {name: list(range(500)) for name in writers}
    assert log.session(info.id).last_seq == 2000


def test_a_killed_writer_loses_no_acknowledged_event_and_the_log_resumes(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    proc = _appender(db_url, info.id, "victim", 100_000)
    assert proc.stdout is not None
    acked: list[int] = []
    while len(acked) < 200:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "writer exited early"
        acked.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Lines the child printed before the kill but we had not read yet are acknowledgements too.
    acked += [int(line) for line in proc.stdout.read().split()]
    events = log.read(info.id)
    seqs = [seq for seq, _ in events]
    _assert_gapless(seqs)
    assert set(acked) <= set(seqs)
    # Events are whole: the one at each seq is the one the writer wrote at that position.
    assert [e.fields["n"] for _, e in events] == list(range(len(events)))  # type: ignore[attr-defined]

    # A new process picks up where the dead one stopped.
    fresh = open_log(db_url)
    resumed_at = fresh.last_seq(info.id)
    assert resumed_at == len(events)
    assert fresh.append(info.id, resumed_at, [action(10**6)]) == resumed_at + 1
    _assert_gapless([seq for seq, _ in fresh.read(info.id)])


ACTOR = Path(__file__).with_name("actor.py")


def test_four_consoles_taking_80_actions_each_on_one_session_lose_nothing_and_see_no_error(db_url: str) -> None:
    from drills import started

    session = started(db_url).session_id
    env = {**child_env(), "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), child_env()["PYTHONPATH"]])}
    writers = {f"w{i}": subprocess.Popen([sys.executable, str(ACTOR), db_url, session, f"w{i}", "80"],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for i in range(4)}
    for name, proc in writers.items():
        out, err = proc.communicate(timeout=600)
        assert (proc.returncode, err, out) == (0, "", "done 80\n"), name
    actions = [e for _, e in open_log(db_url).read(session) if isinstance(e, ActionTaken)]
    reports = sorted(str(e.fields["report"]) for e in actions)
    assert reports == sorted(f"w{i}-{n}" for i in range(4) for n in range(80))
    assert [e.action_id for e in actions] == [f"A{n}" for n in range(1, 321)]
