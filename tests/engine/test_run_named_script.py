"""`run --script NAME` plays one of the pack's own scripts (users of a bundled pack have no path to it)."""

from __future__ import annotations

import json
import subprocess
import sys


def run_json(*args: str, cwd: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "run", *args, "--json"], capture_output=True,
                         text=True, cwd=cwd, check=True)
    return json.loads(out.stdout)


def test_a_bundled_packs_script_by_name_scores_like_its_file(tmp_path, repo_root) -> None:
    by_name = run_json("ru-th-remittance-fraud", "--script", "typical-mistakes", cwd=str(tmp_path))
    by_file = run_json(str(repo_root / "exercises/ru-th-remittance-fraud"), "--script",
                       str(repo_root / "exercises/ru-th-remittance-fraud/scripts/typical-mistakes.yaml"),
                       cwd=str(tmp_path))
    percents = [team["percent"] for team in by_name["teams"]]
    assert percents == [team["percent"] for team in by_file["teams"]]
    assert all(p < 100 for p in percents)  # the careless script, not the solution


def test_an_unknown_script_name_is_one_clear_line(tmp_path) -> None:
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "run", "ru-th-remittance-fraud", "--script", "nope"],
                         capture_output=True, text=True, cwd=str(tmp_path))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "cannot read the script" in out.stderr
