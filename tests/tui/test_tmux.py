"""`cyberdrill play` in a real terminal: tests/tui/tmux_play.sh, skipped where tmux is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("tmux_play.sh")


@pytest.mark.skipif(shutil.which("tmux") is None,
                    reason="tmux is not installed (Debian package tmux; .ci/run installs it)")
def test_play_in_tmux() -> None:
    done = subprocess.run(["bash", str(SCRIPT), sys.executable], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "OK: new session, inject on screen, ctrl+q exits cleanly" in done.stdout
