"""Whatever trainees, evaluators or instructors typed, a report cannot run script or grow markup."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest
from report_factory import HOSTILE
from report_readers import md_tables, parse_html

from cyberdrill.engine.scorecard import Reason, Scorecard
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report import render_report
from cyberdrill.report.filters import csv_text, md_block, md_inline, md_prose, prose


def test_html_escapes_reasons_mark_comments_and_override_justifications(
    hostile_card: Scorecard, loaded: LoadedPack
) -> None:
    out = render_report(hostile_card, loaded, "html")
    assert "<script>alert" not in out
    assert "<img src=x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    doc = parse_html(out)
    assert doc.count("script") == 0 and doc.count("img") == 0
    assert not any(name.startswith("on") for _, attrs in doc.tags for name in attrs)
    # What was typed is still there for the reader, as text.
    assert '"><img src=x onerror=alert(1)>' in doc.text
    assert "Content-Security-Policy" in out  # and a browser would refuse script even if some slipped through


def test_markdown_neutralises_html_links_and_table_breaks(hostile_card: Scorecard, loaded: LoadedPack) -> None:
    out = render_report(hostile_card, loaded, "md")
    assert "<script" not in out and "<img" not in out
    assert not re.search(r"(?<!\\)\]\(javascript:", out)  # only the escaped \](...) remains
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # The typed "|" and newline did not add cells or end rows: every row has its header's width.
    for table in md_tables(out):
        assert len({len(row) for row in table}) == 1, table
    # "# heading" inside a cell stayed on the row instead of becoming a heading.
    assert not any(line.startswith("# heading") for line in out.splitlines())


def test_a_pack_text_cannot_inject_either(hostile_card: Scorecard, loaded: LoadedPack) -> None:
    pack = loaded.pack.model_copy(update={"summary": HOSTILE, "scenario": HOSTILE + "\n\n" + HOSTILE})
    hostile_pack = replace(loaded, pack=pack)
    html = render_report(hostile_card, hostile_pack, "html")
    assert "<script>alert" not in html and "<img src=x" not in html
    md = render_report(hostile_card, hostile_pack, "md")
    assert "<script" not in md and "<img" not in md
    assert not any(line.startswith("# heading") for line in md.splitlines())


def test_csv_cells_cannot_become_spreadsheet_formulas(hostile_card: Scorecard, loaded: LoadedPack) -> None:
    step = hostile_card.teams[0].steps[1]
    step.reasons = [Reason("field:note", '=HYPERLINK("http://x","click")', -1.0)]
    rows = list(csv.reader(io.StringIO(render_report(hostile_card, loaded, "csv"))))
    cell = next(r for r in rows if r[1] == step.step)[-1]
    assert cell == "'=HYPERLINK(\"http://x\",\"click\")"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("a | b", "a \\| b"),
        ("line one\nline two", "line one line two"),
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("*strong* _em_ `code` ~~gone~~", "\\*strong\\* \\_em\\_ \\`code\\` \\~\\~gone\\~\\~"),
        ("T+01:30, TLP:AMBER+STRICT", "T+01:30, TLP:AMBER+STRICT"),
    ],
)
def test_md_inline(typed: str, shown: str) -> None:
    assert md_inline(typed) == shown


def test_md_block_keeps_paragraphs_and_defuses_line_markers() -> None:
    assert md_block("# title\n\n1. first\n\n- item\n> quote") == "\\# title\n\n1\\. first\n\n\\- item &gt; quote"


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_csv_text_quotes_formula_starts(typed: str) -> None:
    assert csv_text(typed) == "'" + typed
    assert csv_text("T+01:30") == "T+01:30"


PACK_PROSE = (
    "**Monday**, team `th-thaicert`, *urgent*\n\n- one\n- two <b>\n\n# not a heading | [x](javascript:alert(1))"
)


def test_pack_prose_keeps_emphasis_code_and_lists_as_html_and_nothing_else() -> None:
    assert prose(PACK_PROSE) == (
        "<p><strong>Monday</strong>, team <code>th-thaicert</code>, <em>urgent</em></p>\n"
        "<ul><li>one</li><li>two &lt;b&gt;</li></ul>\n"
        "<p># not a heading | [x](javascript:alert(1))</p>"
    )
    assert prose("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_an_ordered_list_in_pack_prose_stays_a_numbered_list() -> None:
    scenario = "The fraud, step by step:\n\n1. The victim pays into a **mule** account.\n2. The mule\n   forwards it.\n"
    assert prose(scenario) == (
        "<p>The fraud, step by step:</p>\n"
        "<ol><li>The victim pays into a <strong>mule</strong> account.</li><li>The mule\nforwards it.</li></ol>"
    )
    assert md_prose(scenario) == (
        "The fraud, step by step:\n\n1. The victim pays into a **mule** account.\n2. The mule forwards it."
    )
    assert prose("3. third\n4. fourth").startswith('<ol start="3"><li>third</li>')
    assert md_prose("3. third\n4. fourth") == "3. third\n4. fourth"


def test_pack_prose_in_markdown_keeps_emphasis_and_lists_but_not_links_tables_or_headings() -> None:
    assert md_prose(PACK_PROSE) == (
        "**Monday**, team `th-thaicert`, *urgent*\n\n- one\n- two &lt;b&gt;\n\n"
        "\\# not a heading \\| \\[x\\](javascript:alert(1))"
    )


def test_hot_wash_observations_plan_rows_and_adhoc_messages_are_escaped_too() -> None:
    """What teams and the instructor type in the debrief reaches the report as text, in HTML and Markdown."""
    from cyberdrill.engine.commands import (
        AddObservation,
        AnswerHotWash,
        EndSession,
        OpenHotWash,
        SetPlanItem,
        WriteInject,
    )
    from cyberdrill.pack.load import load_pack
    from cyberdrill.paths import FLAGSHIP_PACK, exercises_dir
    from cyberdrill.service import DrillService
    from cyberdrill.store.base import MemoryLog

    loaded = load_pack(exercises_dir() / FLAGSHIP_PACK)
    log = MemoryLog()
    drill = DrillService(log, loaded).start(seed=1)
    drill.execute(WriteInject(at=60, sender="th-bank-fraud", to=("th-thaicert",), channel="phone",
                              subject=HOSTILE.replace("\n", " "), body="x"))
    drill.execute(EndSession(at=120))
    drill.execute(OpenHotWash(at=120))
    drill.execute(AnswerHotWash(at=120, team="th-thaicert", went_well=(HOSTILE,), to_improve=(HOSTILE,),
                                commitments=(HOSTILE,), ratings={"triage": 1}, comment=HOSTILE, anonymous=True))
    drill.execute(AddObservation(at=120, text=HOSTILE))
    drill.execute(SetPlanItem(at=120, team="th-thaicert", source="hotwash:th-thaicert", issue=HOSTILE, action=HOSTILE,
                              owner=HOSTILE, capability="Training"))
    events = [e for _, e in log.read(drill.session_id)]
    html = render_report(drill.scorecard(), loaded, "html", events=events)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 7
    doc = parse_html(html)
    assert doc.count("script") == 0 and doc.count("img") == 0
    md = render_report(drill.scorecard(), loaded, "md", events=events)
    assert "<script" not in md and "<img" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)
    for table in md_tables(md):
        assert len({len(row) for row in table}) == 1, table
    assert not any(line.startswith("# heading") for line in md.splitlines())
