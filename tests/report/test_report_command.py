"""`cyberdrill report` refuses what it cannot do in one line, exit 1, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cyberdrill.store import SessionInfo, open_log


def report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cyberdrill", "report", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'drill.db'}"
    log = open_log(url)
    log.create_session(SessionInfo(id="0a1b2c3d4e5f", pack="no-such-pack", pack_version="1", pack_hash="x",
                                   seed=1, teams=["t"], settings={"pack_path": str(tmp_path / "gone")}))
    return url


def test_an_unknown_session_is_one_line(db: str) -> None:
    out = report("ffff", "--db", db)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "cyberdrill report: error: no session 'ffff' in the database (see `cyberdrill sessions`)"
    )
    assert out.stdout == ""


def test_a_missing_pack_is_one_line(db: str, tmp_path: Path) -> None:
    out = report("0a1b", "--db", db, "--format", "json")
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr
    assert lines[0].startswith("cyberdrill report: error: pack 'no-such-pack' of session 0a1b2c3d4e5f not found")
    assert str(tmp_path / "gone") in lines[0]


def test_a_missing_template_folder_is_one_line(db: str, tmp_path: Path) -> None:
    out = report("0a1b", "--db", db, "--template", str(tmp_path / "nowhere"))
    assert out.returncode == 1
    assert out.stderr.strip() == f"cyberdrill report: error: templates folder {tmp_path / 'nowhere'} does not exist"
