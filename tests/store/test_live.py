"""Multi-seat: a second process sees what the first appends, by polling `read(session, after_seq)`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store_builders import action, child_env, new_info

from cyberdrill.store import open_log

WATCHER = Path(__file__).with_name("watcher.py")


def test_another_process_sees_each_new_event_in_order(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    watcher = subprocess.Popen([sys.executable, str(WATCHER), db_url, info.id, "5"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=child_env())
    assert watcher.stdout is not None
    try:
        assert watcher.stdout.readline().strip() == "ready"
        for n in range(1, 6):
            # One at a time: the watcher reports event n before event n+1 exists.
            log.append(info.id, n - 1, [action(n)])
            assert watcher.stdout.readline().split() == [str(n), f"A{n}"]
        watcher.wait(timeout=60)
        assert watcher.returncode == 0
    finally:
        if watcher.poll() is None:
            watcher.kill()


def test_a_poll_after_the_last_seq_returns_nothing_and_after_an_append_only_the_new_event(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    log.append(info.id, 0, [action(1), action(2)])
    assert log.read(info.id, 2) == []
    log.append(info.id, 2, [action(3)])
    assert log.read(info.id, 2) == [(3, action(3))]
