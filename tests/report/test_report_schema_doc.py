"""docs/report-schema.md documents every key the JSON report writes, and no key it does not."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from cyberdrill.engine.scorecard import Mark, ObjectiveResult, Reason, Scorecard, StepResult, TeamScore
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report import render_report

DOC = Path(__file__).resolve().parents[2] / "docs" / "report-schema.md"


def documented(section: str) -> set[str]:
    """Keys in the first column of the table under the heading `section` (## or ###)."""
    text = DOC.read_text(encoding="utf-8")
    body = re.split(rf"^#+ {re.escape(section)}\s*$", text, flags=re.MULTILINE)[1]
    body = re.split(r"^#+ ", body, flags=re.MULTILINE)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.MULTILINE))


def fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_every_scorecard_field_is_documented() -> None:
    assert documented("`scorecard`") == fields(Scorecard)
    assert documented("team") == fields(TeamScore)
    assert documented("step") == fields(StepResult)
    assert documented("reason") == fields(Reason)
    assert documented("mark") == fields(Mark)
    assert documented("objective") == fields(ObjectiveResult)


def test_the_envelope_keys_are_documented(card: Scorecard, loaded: LoadedPack) -> None:
    doc = json.loads(render_report(card, loaded, "json", ranking=True))
    assert set(doc) == documented("JSON")


def test_the_csv_columns_are_documented(card: Scorecard, loaded: LoadedPack) -> None:
    header = render_report(card, loaded, "csv").splitlines()[0].split(",")
    assert set(header) == documented("CSV")


def test_the_after_action_keys_are_documented(card: Scorecard, loaded: LoadedPack) -> None:
    doc = json.loads(render_report(card, loaded, "json"))
    after = doc["after_action"]
    assert doc["schema_version"] == 2
    assert set(after) == documented("`after_action`")
    assert set(after["executive_summary"]["outcomes"][0] if after["executive_summary"]["outcomes"] else {}) <= (
        documented("outcome line"))
    assert set(after["improvement_plan"][0]) == documented("plan row")
    assert set(after["glossary"][0]) == documented("glossary term")


def test_the_comparison_keys_are_documented() -> None:
    from cyberdrill.report.compare import Comparison, comparison_document

    doc = comparison_document(Comparison(pack_id="p", title="t", sessions=[], teams=[], status_names={}))
    assert set(doc) == documented("Comparing sessions")
