"""`cyberdrill play --lang th` in a real terminal (tmux, 80x24): the team console and the glossary, whose Thai
text carries marks above and below the line (ั ิ ี ่ ้ ์ …) and sara am (ำ), keep their right border in the last
column on every line, as tmux itself lays the cells out."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from wcwidth import wcswidth

REPO = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = 80, 24
BORDERS = "│┃╮╯┐┘█▌▐▎▊"
THAI_MARKS = set("ัิีึืุู็่้๊๋์ำ")


def capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                          check=True).stdout


def wait_for(session: str, text: str, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {text!r}:\n{capture(session)}")


def send(session: str, *keys: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)


def crooked(screen: str) -> list[str]:
    """The lines ending in a border that do not end in the terminal's last column (as tmux placed them)."""
    return [f"{wcswidth(line)}: {line}" for line in screen.split("\n")
            if line.rstrip() and line.rstrip()[-1] in BORDERS and wcswidth(line.rstrip()) != WIDTH]


@pytest.mark.skipif(shutil.which("tmux") is None,
                    reason="tmux is not installed (Debian package tmux; .ci/run installs it)")
def test_thai_console_borders_stay_straight_in_tmux(tmp_path: Path) -> None:
    session = f"cyberdrill-th-{uuid.uuid4().hex[:8]}"
    command = (f"cd '{REPO}' && XDG_DATA_HOME='{tmp_path}/data' LANG=C.UTF-8 '{sys.executable}' -m cyberdrill play "
               f"--lang th --db 'sqlite:///{tmp_path}/drill.db' --seed 7; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command],
                   check=True)
    try:
        launcher = wait_for(session, "การฉ้อโกง")      # the flagship listed, its title in Thai
        send(session, "n")
        wait_for(session, "เซสชันใหม่ ·")
        send(session, "C-s")                         # start with the dialog's defaults (hot-seat)
        wait_for(session, "ผู้ควบคุมการฝึก")
        time.sleep(1)                                # the instructor's console settles before F2
        send(session, "F2")
        wait_for(session, "สลับคอนโซล")
        send(session, "Down", "Enter")               # the first team's console
        team = wait_for(session, "กล่องข้อความเข้า")
        send(session, "F5")                          # the glossary: Thai terms with marks, in a box
        glossary = wait_for(session, "อภิธานศัพท์ ·")
        send(session, "Escape")
        send(session, "C-q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    for screen in (launcher, team, glossary):
        assert crooked(screen) == [], screen
        assert sum(1 for line in screen.split("\n") if line.rstrip()[-1:] in BORDERS) >= 5
    assert THAI_MARKS & set(glossary), "the glossary on screen should carry Thai marks"
    assert THAI_MARKS & set(team)
