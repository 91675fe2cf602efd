"""`cyberdrill run` and the solution check of `cyberdrill validate`, as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from drill_play import MINI

from cyberdrill.pack.load import load_pack
from cyberdrill.solution_check import check_solution


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyberdrill", *args], check=False, capture_output=True,
                          text=True, cwd=cwd)


def _without_varying(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row.pop("session", None)
        for key in [k for k in row if k.startswith("wall_")]:
            row.pop(key)
    return rows


def test_run_solution_json_has_the_documented_keys(tmp_path: Path) -> None:
    out = _run("run", str(MINI), "--solution", "--json", "--seed", "2", "--events", str(tmp_path / "a.jsonl"))
    assert out.returncode == 0, out.stderr
    card = json.loads(out.stdout)
    assert {"session", "pack", "seed", "teams"} <= set(card) and card["seed"] == 2
    team = card["teams"][0]
    assert {"team", "score", "max_score", "percent", "steps", "objectives"} <= set(team)
    assert {"step", "status", "points", "max_points", "reasons"} <= set(team["steps"][0])
    assert {"objective", "percent", "rating"} <= set(team["objectives"][0])
    assert [t["percent"] for t in card["teams"]] == [100.0, 100.0]
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1)) and rows[0]["type"] == "session_started"


def test_two_runs_differ_only_in_session_and_wall_fields(tmp_path: Path) -> None:
    script = str(MINI / "scripts" / "typical-mistakes.yaml")
    for name in ("a", "b"):
        assert _run("run", str(MINI), "--script", script, "--events", str(tmp_path / f"{name}.jsonl")).returncode == 0
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert a.read_text() != b.read_text()  # session ids differ
    assert _without_varying(a) == _without_varying(b)


def test_human_output_shows_steps_reasons_and_ratings() -> None:
    out = _run("run", str(MINI), "--script", str(MINI / "scripts" / "typical-mistakes.yaml"))
    assert out.returncode == 0, out.stderr
    assert "ThaiCERT (th-cert): 10/29" in out.stdout
    assert "tlp: must be TLP:AMBER or more restrictive (-2)" in out.stdout
    assert "objective cooperation: 28.6% U" in out.stdout


def test_broken_pack_prints_diagnostics_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    steps = broken / "steps.yaml"
    steps.write_text(steps.read_text().replace("action: classify", "action: clasify", 1))
    out = _run("run", str(broken), "--solution")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "steps.yaml:" in out.stderr and "clasify" in out.stderr


def test_broken_script_is_reported_at_its_line(tmp_path: Path) -> None:
    script = tmp_path / "s.yaml"
    script.write_text('- at: "T+00:10"\n  team: th-cert\n  action: classify\n- at: 90\n  team: th-cert\n  mark: x\n')
    out = _run("run", str(MINI), "--script", str(script))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "s.yaml:4:" in out.stderr


def test_solution_check_passes_for_the_mini_pack(mini) -> None:
    assert check_solution(mini) == []


def test_solution_below_full_marks_names_the_steps_and_why(tmp_path: Path) -> None:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    solution = pack / "solution.yaml"
    solution.write_text(solution.read_text().replace("channel: swift-gpi", "channel: bank-to-bank"))
    found = check_solution(load_pack(pack))
    messages = [d.message for d in found]
    assert any("th.freeze" in m and "SWIFT gpi" in m and "[seeds 1, 2]" in m for m in messages), messages
    assert all(d.severity == "error" and d.file.endswith("solution.yaml") for d in found)
    out = _run("validate", str(pack))
    assert out.returncode == 1 and "th.freeze" in out.stdout


def test_run_session_on_a_session_without_events_is_one_line(tmp_path: Path) -> None:
    from cyberdrill.store import SessionInfo, open_log
    from cyberdrill.store.database import dispose_all

    url = f"sqlite:///{tmp_path / 'drill.db'}"
    open_log(url).create_session(SessionInfo(id="emptysession", pack="mini", pack_version="1.0", pack_hash="",
                                             seed=1, teams=["th-cert"]))
    dispose_all()
    script = tmp_path / "script.yaml"
    script.write_text("[]\n")
    done = _run("run", str(MINI), "--db", url, "--session", "emptysession", "--script", str(script))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "cyberdrill run: session emptysession has no session_started event (it was never started, or its log "
        "is damaged); start a new session"]
