"""`cyberdrill export` and `cyberdrill import` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from drills import MINI, solved
from store_builders import child_env

from cyberdrill.store import open_log


def cyberdrill(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh process, as a user would."""
    return subprocess.run([sys.executable, "-m", "cyberdrill", *args], check=False, capture_output=True, text=True,
                          env=child_env(), timeout=120)


def _stored(url: str) -> str:
    return solved(url).session_id


def test_export_then_import_elsewhere_then_export_gives_the_same_file(db_url: str, tmp_path: Path) -> None:
    session = _stored(db_url)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert cyberdrill("export", session[:8], "-o", str(first), "--db", db_url).returncode == 0
    imported = cyberdrill("import", str(first), "--db", other, "--packs", str(MINI.parent))
    assert imported.returncode == 0, imported.stderr
    assert f"imported session {session}" in imported.stdout
    assert cyberdrill("export", session, "-o", str(second), "--db", other).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    assert len(first.read_bytes().splitlines()) == 1 + open_log(db_url).session(session).last_seq


def test_export_to_standard_output_is_the_same_bytes_as_to_a_file(db_url: str, tmp_path: Path) -> None:
    session = _stored(db_url)
    target = tmp_path / "out.jsonl"
    cyberdrill("export", session, "-o", str(target), "--db", db_url)
    piped = subprocess.run([sys.executable, "-m", "cyberdrill", "export", session, "--db", db_url],
                           check=False, capture_output=True, env=child_env(), timeout=120)
    assert piped.stdout == target.read_bytes()


def test_importing_into_a_database_that_holds_the_session_is_refused(db_url: str, tmp_path: Path) -> None:
    session = _stored(db_url)
    target = tmp_path / "out.jsonl"
    cyberdrill("export", session, "-o", str(target), "--db", db_url)
    again = cyberdrill("import", str(target), "--db", db_url, "--packs", str(MINI.parent))
    assert again.returncode == 1
    assert again.stderr.startswith(f"cyberdrill import: session {session} already exists in this database")
    assert "Traceback" not in again.stderr
    assert open_log(db_url).session(session).last_seq == len(target.read_bytes().splitlines()) - 1


def test_export_of_an_unknown_session_says_so(db_url: str) -> None:
    _stored(db_url)
    result = cyberdrill("export", "no-such-session", "--db", db_url)
    assert result.returncode == 1
    assert "no single session matches 'no-such-session'" in result.stderr


def test_a_database_from_a_newer_cyberdrill_is_refused_by_the_commands(tmp_path: Path) -> None:
    import sqlite3

    url = f"sqlite:///{tmp_path / 'new.db'}"
    session = _stored(url)
    from cyberdrill.store.database import dispose_all

    dispose_all()
    with sqlite3.connect(tmp_path / "new.db") as db:
        db.execute("UPDATE schema_version SET version = version + 1")
    result = cyberdrill("export", session, "--db", url)
    assert result.returncode == 1
    assert "this database was written by a newer cyberdrill" in result.stderr
    assert "upgrade cyberdrill" in result.stderr and "Traceback" not in result.stderr
