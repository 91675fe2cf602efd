"""A stored run continues where it stopped, and scores as if it had never stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from drills import MINI, solution_path
from store_builders import child_env

from cyberdrill.engine.events import ActionTaken, MarkGiven
from cyberdrill.pack.model import parse_clock
from cyberdrill.store import open_log

PLAYER = Path(__file__).with_name("player.py")


def cyberdrill(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyberdrill", *args], check=False, capture_output=True, text=True,
                          env=child_env(), timeout=300)


def _teams(card: dict[str, Any]) -> list[dict[str, Any]]:
    # Everything a team is scored on; the session id and wall-clock readings differ between runs.
    return card["teams"]


def _solution_entries() -> list[dict[str, Any]]:
    entries = yaml.safe_load(solution_path().read_text(encoding="utf-8"))
    return sorted(entries, key=lambda e: parse_clock(e["at"]))  # stable: the order play_script uses


def _script(path: Path, entries: list[dict[str, Any]]) -> str:
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def _uninterrupted() -> dict[str, Any]:
    whole = cyberdrill("run", str(MINI), "--solution", "--json")
    assert whole.returncode == 0, whole.stderr
    return json.loads(whole.stdout)


def test_the_solution_played_in_two_halves_scores_as_in_one_run(db_url: str, tmp_path: Path) -> None:
    entries = _solution_entries()
    half = len(entries) // 2
    first = cyberdrill("run", str(MINI), "--script", _script(tmp_path / "part1.yaml", entries[:half]),
                       "--db", db_url, "--json")
    assert first.returncode == 0, first.stderr
    session = json.loads(first.stdout)["session"]
    assert f"session {session} stored, open at" in first.stderr
    assert open_log(db_url).session(session).status == "open"

    second = cyberdrill("run", str(MINI), "--session", session, "--script",
                        _script(tmp_path / "part2.yaml", entries[half:]), "--db", db_url, "--json")
    assert second.returncode == 0, second.stderr
    halves = json.loads(second.stdout)
    whole = _uninterrupted()
    assert "refused" not in halves
    assert halves["session"] == session and halves["ended"] and halves["at"] == whole["at"]
    assert _teams(halves) == _teams(whole)
    assert open_log(db_url).session(session).status == "ended"


def test_continuing_an_ended_session_is_refused(db_url: str) -> None:
    done = cyberdrill("run", str(MINI), "--solution", "--db", db_url, "--json")
    session = json.loads(done.stdout)["session"]
    again = cyberdrill("run", str(MINI), "--session", session, "--solution", "--db", db_url)
    assert again.returncode == 1 and f"session {session} has ended" in again.stderr


def test_a_player_killed_mid_drill_resumes_and_scores_as_if_never_killed(db_url: str, tmp_path: Path) -> None:
    entries = _solution_entries()
    player = subprocess.Popen([sys.executable, str(PLAYER), db_url, str(MINI), str(solution_path()), "0.2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())
    assert player.stdout is not None
    session = player.stdout.readline().split()[1]
    acked: list[int] = []  # seqs the player saw committed
    while len(acked) < len(entries) // 2:
        line = player.stdout.readline()
        assert line.startswith("entry"), player.stderr.read() if player.stderr else line
        acked.append(int(line.split()[2]))
    os.kill(player.pid, signal.SIGKILL)
    player.wait()
    acked += [int(line.split()[2]) for line in player.stdout.read().splitlines() if line.startswith("entry")]

    log = open_log(db_url)
    stored = log.read(session)
    seqs = [seq for seq, _ in stored]
    assert seqs == list(range(1, len(seqs) + 1))
    assert set(acked) <= set(seqs)
    # Entries done are those whose action or mark reached the log (committed, acknowledged or not).
    done = sum(isinstance(event, ActionTaken | MarkGiven) for _, event in stored)
    assert len(acked) <= done < len(entries)  # killed mid-drill

    rest = _script(tmp_path / "rest.yaml", entries[done:])
    resumed = cyberdrill("run", str(MINI), "--session", session, "--script", rest, "--db", db_url, "--json")
    assert resumed.returncode == 0, resumed.stderr
    card = json.loads(resumed.stdout)
    assert "refused" not in card
    assert _teams(card) == _teams(_uninterrupted())
