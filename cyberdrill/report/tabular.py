"""The machine-readable reports: JSON for learning-management systems, CSV for spreadsheets.

Neither goes through a template: their shape is a contract (docs/report-schema.md), not a layout.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cyberdrill import __version__
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report.aar import rank
from cyberdrill.report.filters import clock, csv_text, num

# Raised only when a key changes meaning or disappears; adding keys keeps the version.
SCHEMA_VERSION = 1

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


def report_document(card: Scorecard, loaded: LoadedPack, *, ranking: bool = False) -> dict[str, Any]:
    """The JSON report as a dict: an envelope around `Scorecard.to_json()`."""
    pack = loaded.pack
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generated_by": f"cyberdrill {__version__}",
        "pack_title": pack.title,
        "scenario_start": pack.start.isoformat(),
        "planned_duration": pack.duration,
        "scorecard": card.to_json(),
    }
    if ranking:
        document["ranking"] = [
            {"rank": row.rank, "team": row.score.team, "percent": row.score.percent} for row in rank(card.teams)
        ]
    return document


def render_json(card: Scorecard, loaded: LoadedPack, *, ranking: bool = False) -> str:
    """The JSON report, UTF-8 text (Thai and Cyrillic names stay readable), ending with a newline."""
    return json.dumps(report_document(card, loaded, ranking=ranking), ensure_ascii=False, indent=2) + "\n"


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
