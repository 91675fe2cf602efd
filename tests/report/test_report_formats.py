"""Every format of a synthetic scored session says what a reader needs: teams, scores, ratings, every
deduction with its citation, the improvement plan; the HTML stands alone and holds its charts."""

from __future__ import annotations

import json

import pytest
from report_readers import csv_rows, md_tables, parse_html, svg_elements

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.vocab import RATING_NAMES
from cyberdrill.report import FORMATS, ReportError, render_report
from cyberdrill.report.filters import num, pct
from cyberdrill.report.tabular import CSV_COLUMNS, SCHEMA_VERSION


def deductions(card: Scorecard) -> list[tuple[str, str | None]]:
    return [(r.text, r.cite) for t in card.teams for s in t.steps for r in s.reasons]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_readable_formats_name_teams_scores_ratings_and_every_deduction(
    card: Scorecard, loaded: LoadedPack, fmt: str
) -> None:
    out = render_report(card, loaded, fmt)
    text = parse_html(out).text if fmt == "html" else out
    for team in card.teams:
        assert team.name in text
        assert f"{num(team.score)} of {num(team.max_score)} points" in text
        assert pct(team.percent) in text
        for obj in team.objectives:
            assert RATING_NAMES[obj.rating] in text
    for reason, cite in deductions(card):
        assert reason in text
        assert cite and cite in text
    # The override and the mark an instructor and an evaluator gave are both shown with their words.
    assert "The team recovered in the hot wash." in text
    assert "Timeline is thin; no link to deadlines." in text
    assert loaded.pack.start.strftime("%Y-%m-%d %H:%M") in text
    assert card.session in text


def test_html_improvement_plan_has_a_row_per_step_that_lost_points(card: Scorecard, loaded: LoadedPack) -> None:
    out = render_report(card, loaded, "html")
    plans = out.count('<table class="stack plan">')
    assert plans == len(card.teams)
    first_plan = out.split('<table class="stack plan">')[1].split("</table>")[0]
    rows = first_plan.count('data-label="Issue"')
    assert parse_html("<table>" + first_plan + "</table>").count("tr") == 1 + rows + 3  # header, rows, 3 objectives
    lost = [s for s in card.teams[0].steps if s.status not in ("void", "pending") and s.points < s.max_points]
    assert rows == len(lost) == 5
    assert "Write a standing procedure for bank holds with 24/7 contacts." in first_plan  # step.recommendation
    assert "The MLA request references the earlier preservation." in first_plan  # lesson when no recommendation
    assert "Primary responsible organisation" in out


def test_markdown_improvement_plan_rows_keep_their_seven_columns(card: Scorecard, loaded: LoadedPack) -> None:
    out = render_report(card, loaded, "md")
    plans = [t for t in md_tables(out) if t[0][0] == "Objective / capability"]
    assert len(plans) == len(card.teams)
    assert all(len(row) == 7 for plan in plans for row in plan)
    assert [row[1].split("**")[1] for row in plans[0][1:]] == [
        "ru-nccci.freeze", "ru-nccci.preserve", "ru-nccci.mla", "ru-nccci.stix", "ru-nccci.review"
    ]
    # Without a plan_item_set event a row is only proposed: no organisation, no dates.
    assert all(row[4:] == ["Proposed: not yet agreed", "", ""] for row in plans[0][1:])


def test_html_is_one_self_contained_file_with_two_charts_per_team(card: Scorecard, loaded: LoadedPack) -> None:
    out = render_report(card, loaded, "html")
    doc = parse_html(out)
    assert doc.count("script") == 0 and doc.count("link") == 0 and doc.count("img") == 0
    for _, attrs in doc.tags:
        for name in ("src", "href"):
            assert not attrs.get(name), f"external reference {name}={attrs[name]}"
    assert "http://" not in out.replace("http://www.w3.org", "") and "https://" not in out
    assert "@page" in out and "A4" in out  # print-ready
    assert 'name="viewport"' in out  # readable on a phone
    svgs = svg_elements(out)
    assert len(svgs) == 2 * len(card.teams)
    ns = "{http://www.w3.org/2000/svg}"
    bars, timeline = svgs[0], svgs[1]
    # A bar per objective (plus the grey track behind it) and a lane per step that applies.
    assert len(bars.findall(f".//{ns}g")) == len(card.teams[0].objectives)
    lanes = timeline.findall(f".//{ns}g")
    assert len(lanes) == len([s for s in card.teams[0].steps if s.status != "void"])
    assert len(timeline.findall(f".//{ns}circle")) == len([s for s in card.teams[0].steps if s.at is not None])


def test_bar_lengths_follow_the_objective_percentages(card: Scorecard, loaded: LoadedPack) -> None:
    bars = svg_elements(render_report(card, loaded, "html"))[0]
    ns = "{http://www.w3.org/2000/svg}"
    widths = [float(g.findall(f"{ns}rect")[1].get("width")) for g in bars.findall(f".//{ns}g")]
    full = float(bars.findall(f".//{ns}g")[0].findall(f"{ns}rect")[0].get("width"))
    percents = [o.percent for o in card.teams[0].objectives]
    assert [round(100 * w / full, 1) for w in widths] == pytest.approx(percents, abs=0.1)


def test_timeline_places_a_late_attempt_after_its_deadline(card: Scorecard, loaded: LoadedPack) -> None:
    timeline = svg_elements(render_report(card, loaded, "html"))[1]
    ns = "{http://www.w3.org/2000/svg}"
    lane = timeline.findall(f".//{ns}g")[1]  # ru-nccci.freeze, done at T+03:00, due T+01:30
    assert "ru-nccci.freeze" in "".join(lane.itertext())
    due = float(lane.find(f"{ns}line").get("x1"))
    attempt = float(lane.find(f"{ns}circle").get("cx"))
    window = lane.find(f"{ns}rect")
    assert float(window.get("x")) + float(window.get("width")) == pytest.approx(due, abs=0.2)
    assert attempt > due


def test_json_is_the_scorecard_in_a_versioned_envelope(card: Scorecard, loaded: LoadedPack) -> None:
    doc = json.loads(render_report(card, loaded, "json"))
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["generated_by"].startswith("cyberdrill ")
    assert doc["pack_title"] == loaded.pack.title
    assert doc["scenario_start"] == "2026-11-23T09:00:00+07:00"
    assert doc["scorecard"] == json.loads(json.dumps(card.to_json()))
    assert "ranking" not in doc
    assert "НКЦКИ" in render_report(card, loaded, "json")  # names stay readable, not \u escapes


def test_csv_has_a_header_and_one_row_per_team_and_step(card: Scorecard, loaded: LoadedPack) -> None:
    rows = csv_rows(render_report(card, loaded, "csv"))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + sum(len(t.steps) for t in card.teams)
    by_step = {r[1]: dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]}
    freeze = by_step["ru-nccci.freeze"]
    assert (freeze["status"], freeze["points"], freeze["max_points"]) == ("late", "7.5", "15")
    assert (freeze["at"], freeze["due"]) == ("T+03:00", "T+01:30")
    preserve = by_step["th-thaicert.preserve"]["reasons"]
    assert preserve == ("custodian: must name the hosting company [Budapest Convention Art. 29(2)(d)]; "
                        "Sent as TLP:CLEAR; a preservation request is TLP:AMBER [FIRST TLP 2.0]")
    assert by_step["ru-nccci.mla"]["at"] == ""


def test_one_team_only(card: Scorecard, loaded: LoadedPack) -> None:
    for fmt in FORMATS:
        out = render_report(card, loaded, fmt, team="th-thaicert")
        assert "th-thaicert" in out and "ru-nccci" not in out, fmt
    assert len(csv_rows(render_report(card, loaded, "csv", team="th-thaicert"))) == 1 + 7


def test_an_unknown_team_or_format_is_a_clear_error(card: Scorecard, loaded: LoadedPack) -> None:
    with pytest.raises(ReportError, match=r"team 'xx' is not in session s-7f3a9c \(teams: ru-nccci, th-thaicert\)"):
        render_report(card, loaded, "html", team="xx")
    with pytest.raises(ReportError, match="unknown report format 'pdf'"):
        render_report(card, loaded, "pdf")  # type: ignore[arg-type]


def test_teams_are_compared_to_the_standard_unless_a_ranking_is_asked(card: Scorecard, loaded: LoadedPack) -> None:
    for fmt in ("html", "md"):
        assert "Ranking" not in render_report(card, loaded, fmt)
        ranked = render_report(card, loaded, fmt, ranking=True)
        assert "Ranking" in ranked
        table = ranked.split("Ranking")[1]
        # The better team (50%) is ranked above the other (44.1%).
        assert table.index("ru-nccci") < table.index("th-thaicert")
    doc = json.loads(render_report(card, loaded, "json", ranking=True))
    assert [(r["rank"], r["team"]) for r in doc["ranking"]] == [(1, "ru-nccci"), (2, "th-thaicert")]


def test_strengths_and_areas_for_improvement_come_from_the_steps(card: Scorecard, loaded: LoadedPack) -> None:
    md = render_report(card, loaded, "md", team="ru-nccci")
    strengths = md.split("### Strengths")[1].split("### Areas for improvement")[0]
    areas = md.split("### Areas for improvement")[1].split("### Evaluator marks")[0]
    assert "Classify the incident with RSIT" in strengths  # on time, full points
    assert "Ask the bank to hold the mule account" not in strengths
    for title in ("Ask the bank to hold the mule account", "Send the MLA request through the central authority"):
        assert title in areas
    assert "Publish a public advisory" not in strengths + areas  # void: not counted either way
