"""The machine-readable reports: JSON for learning-management systems, CSV for spreadsheets.

Neither goes through a template: their shape is a contract (docs/report-schema.md), not a layout.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from cyberdrill import __version__
from cyberdrill.engine.events import Event
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report.aar import AfterActionReport, build_report, rank
from cyberdrill.report.filters import clock, csv_text, num

# Raised only when a key changes meaning or disappears; adding keys keeps the version. 2: the improvement
# plan's rows carry `proposed` and the instructor's owner and dates, and `after_action` holds page 1, the hot
# wash, the interventions and the request histories.
SCHEMA_VERSION = 2

CSV_COLUMNS: tuple[str, ...] = (
    "team",
    "step",
    "title",
    "objective",
    "status",
    "points",
    "max_points",
    "at",
    "due",
    "reasons",
)


def after_action(report: AfterActionReport) -> dict[str, Any]:
    """What the HTML and Markdown reports show beyond the scorecard, as JSON-ready data."""
    assert report.summary is not None and report.debrief is not None
    summary = report.summary
    hot_wash = report.debrief.hot_wash
    return {
        "language": report.language,
        "pack_language_note": report.pack_language_note or None,
        "executive_summary": {
            "scenario": summary.scenario,
            "teams": [{"team": t.team, "name": t.name, "score": t.score, "max_score": t.max_score,
                       "percent": t.percent, "ratings": {o.objective: o.rating for o in t.objectives}}
                      for t in summary.teams],
            "outcomes": [asdict(o) for o in summary.outcomes],
            "lessons": [asdict(lesson) for lesson in summary.lessons],
        },
        "cross_team": [{"objective": row.objective, "text": row.text,
                        "teams": {c.team: None if c.result is None else {
                            "score": c.result.score, "max_score": c.result.max_score, "percent": c.result.percent,
                            "rating": c.result.rating} for c in row.cells}} for row in report.cross_team],
        "hot_wash": {
            "opened": hot_wash.opened,
            "answers": [{"team": a.team, "went_well": list(a.answer.went_well), "to_improve": list(a.answer.to_improve),
                         "commitments": list(a.answer.commitments), "at": a.answer.t,
                         "ratings": [asdict(r) for r in a.ratings]} for a in hot_wash.answers],
            "comments": [{"team": name, "text": text} for name, text in hot_wash.named_comments]
            + [{"team": None, "text": text} for text in hot_wash.anonymous_comments],
            "observations": [asdict(o) for o in hot_wash.observations],
        },
        "interventions": [asdict(i) for i in report.interventions],
        "requests": [{**asdict(h), "outcome": h.outcome} for h in report.requests],
        "improvement_plan": [asdict(row) for sec in report.sections for row in sec.plan]
        + [asdict(row) for row in report.general_plan],
        "glossary": [{"id": e.id, "terms": [asdict(w) for w in e.wordings], "source": e.source, "note": e.note or None}
                     for e in report.glossary.entries],
        "glossary_problem": report.glossary.problem or None,
    }


def report_document(card: Scorecard, loaded: LoadedPack, *, ranking: bool = False,
                    events: list[Event] | None = None, pack_language_note: str = "") -> dict[str, Any]:
    """The JSON report as a dict: an envelope around `Scorecard.to_json()` and the after-action content."""
    pack = loaded.pack
    report = build_report(card, loaded, events=events, pack_language_note=pack_language_note)
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generated_by": f"cyberdrill {__version__}",
        "pack_title": pack.title,
        "scenario_start": pack.start.isoformat(),
        "planned_duration": pack.duration,
        "scorecard": card.to_json(),
        "after_action": after_action(report),
    }
    if ranking:
        document["ranking"] = [
            {"rank": row.rank, "team": row.score.team, "percent": row.score.percent} for row in rank(card.teams)
        ]
    return document


def render_json(card: Scorecard, loaded: LoadedPack, *, ranking: bool = False, events: list[Event] | None = None,
                pack_language_note: str = "") -> str:
    """The JSON report, UTF-8 text (Thai and Cyrillic names stay readable), ending with a newline."""
    document = report_document(card, loaded, ranking=ranking, events=events, pack_language_note=pack_language_note)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(card: Scorecard) -> str:
    """One row per team and step, after a header row; deductions joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for team in card.teams:
        for step in team.steps:
            reasons = "; ".join(r.text + (f" [{r.cite}]" if r.cite else "") for r in step.reasons)
            writer.writerow(
                [
                    csv_text(team.team),
                    csv_text(step.step),
                    csv_text(step.title),
                    csv_text(step.objective),
                    step.status,
                    num(step.points),
                    num(step.max_points),
                    clock(step.at),
                    clock(step.due_at),
                    csv_text(reasons),
                ]
            )
    return out.getvalue()
