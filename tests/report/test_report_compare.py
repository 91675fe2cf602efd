"""`cyberdrill report --compare SESSION SESSION`: two sessions of the flagship in one SQLite database — the
debriefed typical mistakes, then the reference solution — show each team's trend by objective and what became
of last time's plan items, in HTML, Markdown and JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from debriefed import OWNER, debriefed_session
from report_readers import md_tables

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.load import load_pack
from cyberdrill.paths import FLAGSHIP_PACK, exercises_dir
from cyberdrill.report.filters import pct
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.store import open_log


def report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyberdrill", "report", *args], capture_output=True, text=True,
                          check=False, env={"CYBERDRILL_LANG": "en", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str, dict[str, Scorecard]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'drill.db'}"
    log = open_log(url)
    first = debriefed_session(log=log)
    loaded = load_pack(exercises_dir() / FLAGSHIP_PACK)
    second = DrillService(log, loaded).start(seed=2)
    play_script(second, loaded.scripts["solution"])
    scores = {"first": first.card, "second": second.scorecard()}
    return url, first.session, second.session_id, scores


def test_json_trend_by_objective_and_last_times_plan(sessions: tuple[str, str, str, dict[str, Scorecard]]) -> None:
    url, first, second, cards = sessions
    out = report("--compare", second, first, "--db", url, "--format", "json")  # any order: sorted by play
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [s["session"] for s in doc["sessions"]] == [first, second]
    th = next(t for t in doc["teams"] if t["team"] == "th-thaicert")
    before = next(t for t in cards["first"].teams if t.team == "th-thaicert")
    after = next(t for t in cards["second"].teams if t.team == "th-thaicert")
    cooperation = next(o for o in th["objectives"] if o["objective"] == "cooperation")
    first_obj = next(o for o in before.objectives if o.objective == "cooperation")
    second_obj = next(o for o in after.objectives if o.objective == "cooperation")
    assert [c["rating"] for c in cooperation["sessions"]] == [first_obj.rating, second_obj.rating]
    assert [c["percent"] for c in cooperation["sessions"]] == [first_obj.percent, second_obj.percent]
    assert cooperation["change"] == round(second_obj.percent - first_obj.percent, 1)
    assert [t["percent"] for t in th["totals"]] == [before.percent, after.percent]
    follow = {f["source"]: f for f in th["plan_follow_up"]}
    # Agreed after the first session: the solution earns th.preserve-ru's every point the second time.
    assert follow["step:th.preserve-ru"]["status"] == "resolved"
    assert follow["step:th.preserve-ru"]["owner"] == OWNER
    assert follow["observation"]["status"] == "not_measured"
    ru = next(t for t in doc["teams"] if t["team"] == "ru-nccci")
    assert [f["source"] for f in ru["plan_follow_up"]] == ["observation"]  # the whole exercise's row only


def test_markdown_and_html_show_the_same_trend(sessions: tuple[str, str, str, dict[str, Scorecard]]) -> None:
    url, first, second, cards = sessions
    md = report("--compare", first, second, "--db", url, "--format", "md", "--team", "th-thaicert")
    assert md.returncode == 0, md.stderr
    tables = md_tables(md.stdout)
    trend = tables[1]
    assert trend[0] == ["Objective", f"1. {first}", f"2. {second}", "Change"]
    after = next(t for t in cards["second"].teams if t.team == "th-thaicert")
    triage = next(r for r in trend if r[0].startswith("**triage**"))
    assert triage[2].startswith(f"**{after.objectives[0].rating}**") and pct(after.objectives[0].percent) in triage[2]
    plan = tables[2]
    assert any("**resolved**" in row[5] and OWNER == row[3] for row in plan[1:])
    assert "## NCCCI" not in md.stdout  # --team keeps one team
    html = report("--compare", first, second, "--db", url)
    assert html.returncode == 0 and html.stdout.count('<section class="trend"') == 2
    assert OWNER in html.stdout and "<script" not in html.stdout


def test_compare_refuses_one_session_and_csv(sessions: tuple[str, str, str, dict[str, Scorecard]]) -> None:
    url, first, second, _ = sessions
    one = report("--compare", first, "--db", url)
    assert one.returncode == 1 and one.stderr.strip() == "cyberdrill report: error: compare needs at least two sessions"
    csv = report("--compare", first, second, "--db", url, "--format", "csv")
    assert csv.returncode == 1 and "--compare writes html, md or json" in csv.stderr
