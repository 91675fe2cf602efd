"""The report of a debriefed session holds the same content in Markdown, JSON and HTML: the executive summary,
the hot wash (anonymous comments without their team), the instructor's interventions, each request's history and
the improvement plan with the instructor's owners and dates beside the proposed rows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from debriefed import (
    ADHOC_SUBJECT,
    ANONYMOUS,
    OBSERVATION,
    OWNER,
    RU_WENT_WELL,
    TH_COMMITMENT,
    TH_TO_IMPROVE,
    TH_WENT_WELL,
    Debriefed,
    debriefed_session,
)
from report_readers import md_tables

from cyberdrill.report import render_report
from cyberdrill.report.filters import pct


@pytest.fixture(scope="module")
def session() -> Debriefed:
    return debriefed_session()


@pytest.fixture(scope="module")
def md(session: Debriefed) -> str:
    return render_report(session.card, session.loaded, "md", events=session.events)


@pytest.fixture(scope="module")
def doc(session: Debriefed) -> dict[str, Any]:
    return json.loads(render_report(session.card, session.loaded, "json", events=session.events))  # type: ignore[no-any-return]


def section(md: str, title: str) -> str:
    return md.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_markdown_starts_with_the_executive_summary(session: Debriefed, md: str) -> None:
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[:7] == ["## Executive summary", "## Cross-team overview", "## Outcomes", "## Hot wash",
                            "## Instructor's interventions", "## Requests returned or revised", "## Improvement plan"]
    summary = md_tables(section(md, "Executive summary"))[0]
    assert summary[0][:2] == ["Team", "Score"] and summary[0][2:] == [o.id for o in session.loaded.pack.objectives]
    for row, team in zip(summary[1:], session.card.teams, strict=True):
        assert team.name in row[0]
        assert [cell.split("**")[1] for cell in row[2:]] == [o.rating for o in team.objectives]
    assert "- ✓ the cross-border payout was stopped" in md
    assert "- ✗ the Thai mule accounts were held before the money moved on: **not achieved**" in md
    assert section(md, "Executive summary").count("points lost)") == 3


def test_hot_wash_answers_with_self_ratings_beside_the_evaluation(session: Debriefed, md: str) -> None:
    hot = section(md, "Hot wash")
    for text in (TH_WENT_WELL, TH_TO_IMPROVE, TH_COMMITMENT, RU_WENT_WELL, OBSERVATION):
        assert f"- {text}" in hot
    ratings = md_tables(hot)[0]
    th = next(t for t in session.card.teams if t.team == "th-thaicert")
    cooperation = next(o for o in th.objectives if o.objective == "cooperation")
    assert ["cooperation", "2", f"**{cooperation.rating}** {pct(cooperation.percent)}"] in ratings
    # The anonymous comment names no team.
    line = next(line for line in hot.splitlines() if ANONYMOUS in line)
    assert line == f"- {ANONYMOUS} (anonymous)"


def test_interventions_and_request_histories(md: str) -> None:
    rows = md_tables(section(md, "Instructor's interventions"))[0][1:]
    kinds = [r[1] for r in rows]
    assert kinds[:3] == ["inject skipped", "inject delayed", "ad-hoc message as a party"]
    assert ADHOC_SUBJECT in rows[2][4] and rows[0][3] == "ru.press-query"
    assert "rating overridden" in kinds and kinds.count("mark given") == 2
    histories = md_tables(section(md, "Requests returned or revised"))[0][1:]
    preservation = next(r for r in histories if "Request expedited preservation" in r[1] and "Russia" in r[1])
    # First returned (not a competent authority), then revised and accepted: not simply "on time".
    assert "sent (A15)" in preservation[2] and "**returned**" in preservation[2]
    assert "revised and sent again" in preservation[2] and preservation[3] == "**accepted**"


def test_the_plan_holds_the_agreed_rows_and_marks_the_others_proposed(md: str) -> None:
    plans = md_tables(section(md, "Improvement plan"))
    th = plans[0][1:]
    agreed = next(r for r in th if "**th.preserve-ru**" in r[1])
    assert agreed[4:] == [OWNER, "2027-01-15", "2027-03-31"] and agreed[3] == "Planning"
    proposed = [r for r in th if r is not agreed]
    assert proposed and all(r[4:] == ["Proposed: not yet agreed", "", ""] for r in proposed)
    assert plans[-1][1][1] == OBSERVATION  # the whole exercise's row
    # The evaluator's sitrep mark appears once in its row.
    sitrep = next(r for r in th if "**th.sitrep**" in r[1])
    assert sitrep[1].count("Situation and actions are there") == 1


def test_json_holds_the_same_content(session: Debriefed, doc: dict[str, Any]) -> None:
    after = doc["after_action"]
    summary = after["executive_summary"]
    assert [t["team"] for t in summary["teams"]] == [t.team for t in session.card.teams]
    assert summary["teams"][1]["ratings"]["cooperation"] == "M"  # the override
    answers = {a["team"]: a for a in after["hot_wash"]["answers"]}
    assert answers["th-thaicert"]["went_well"] == [TH_WENT_WELL] and answers["ru-nccci"]["went_well"] == [RU_WENT_WELL]
    assert {"team": None, "text": ANONYMOUS} in after["hot_wash"]["comments"]
    assert [i["kind"] for i in after["interventions"]][:3] == ["skipped", "delayed", "adhoc"]
    preservation = next(r for r in after["requests"] if r["recipient"] == "ru-247-poc")
    assert [a["answer"] for a in preservation["attempts"]] == ["returned", "accepted"]
    agreed = [r for r in after["improvement_plan"] if not r["proposed"]]
    assert [(r["item"], r["primary_responsible_organisation"], r["completion_date"]) for r in agreed] == [
        ("P1", OWNER, "2027-03-31"), ("P2", "Exercise planning team", "2027-02-28")]


def test_html_holds_the_same_sections(session: Debriefed) -> None:
    html = render_report(session.card, session.loaded, "html", events=session.events)
    order = [html.index(f'id="{name}"') for name in ("summary", "cross-team", "outcomes", "hot-wash",
                                                      "interventions", "requests", "plan", "overview")]
    assert order == sorted(order)
    for text in (TH_WENT_WELL, RU_WENT_WELL, ANONYMOUS, OWNER, "2027-03-31", ADHOC_SUBJECT):
        assert text in html
    assert "landscape" not in html
