"""A console that crashes (an unhandled exception in the app) exits non-zero, so a script, a supervisor or
an SSH seat's relay sees the failure; one that is quit exits 0. Run as a user runs it: `cyberdrill play`
in a terminal (a PTY)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The app as shipped, but its first mount raises: what any bug in a console does.
CRASHING = """
import sys
from cyberdrill.tui.app import CyberdrillApp
def broken(self):
    raise RuntimeError("a bug in the console")
CyberdrillApp.on_mount = broken
from cyberdrill.cli import main
sys.exit(main(sys.argv[1:]))
"""
QUITTING = CRASHING.replace('raise RuntimeError("a bug in the console")', "self.set_timer(1.0, self.exit)")


def in_terminal(program: str, args: list[str], env: dict[str, str], seconds: float = 60.0) -> tuple[int, str]:
    """Run `python -c program args` in a PTY of 100x30 until it exits; its status and what it wrote."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    process = subprocess.Popen([sys.executable, "-c", program, *args], stdin=slave, stdout=slave, stderr=slave,
                               env={**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"},
                               close_fds=True)
    os.close(slave)
    out = b""
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.2)
            closed = False
            if ready:
                try:
                    out += os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    closed = True
            if process.poll() is not None and (closed or not ready):
                break
        else:
            process.kill()
            pytest.fail(f"the console did not exit within {seconds:g} s")
    finally:
        os.close(master)
    return process.wait(), out.decode("utf-8", "replace")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "CYBERDRILL_DB": f"sqlite:///{tmp_path / 'drill.db'}",
            "XDG_DATA_HOME": str(tmp_path / "data"), "CYBERDRILL_DRAFTS": str(tmp_path / "drafts.json")}


def test_a_console_that_crashes_exits_non_zero_with_the_traceback(env: dict[str, str]) -> None:
    status, out = in_terminal(CRASHING, ["play"], env)
    assert status != 0
    assert "a bug in the console" in out


def test_a_console_that_is_quit_exits_zero(env: dict[str, str]) -> None:
    status, out = in_terminal(QUITTING, ["play"], env)
    assert status == 0, out
