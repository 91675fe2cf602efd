"""The after-action report of the flagship's typical-mistakes session, debriefed through the engine, printed
to A4 PDF in headless Chromium and read back as a ministry reader would: pdfinfo, pdftotext."""

from __future__ import annotations

from pathlib import Path

import pytest
from debriefed import (
    ANONYMOUS,
    OWNER,
    RU_WENT_WELL,
    TH_COMMITMENT,
    TH_TO_IMPROVE,
    TH_WENT_WELL,
    Debriefed,
    debriefed_session,
)
from pdf_tools import needs_chromium, page_sizes, print_pdf, text, words

from cyberdrill.pack.glossary import bundled_glossary
from cyberdrill.report import render_report
from cyberdrill.report.filters import num

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Debriefed]:
    session = debriefed_session()
    html = render_report(session.card, session.loaded, "html", events=session.events)
    return print_pdf(html, tmp_path_factory.mktemp("pdf")), session


def test_every_page_is_portrait_a4(printed: tuple[Path, Debriefed]) -> None:
    pdf, _ = printed
    sizes = page_sizes(pdf)
    assert len(sizes) > 3
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in sizes), sizes


def test_page_one_names_every_team_with_its_score_and_ratings(printed: tuple[Path, Debriefed]) -> None:
    pdf, session = printed
    page1 = words(text(pdf, 1, 1))
    lines = text(pdf, 1, 1, layout=True).splitlines()
    assert "Executive summary" in page1 and "Top three lessons" in page1
    for team in session.card.teams:
        score = f"{num(team.score)} / {num(team.max_score)}"
        # The team's name starts the line that holds its score (a long name wraps under itself).
        assert any(line.strip().startswith(team.name.split()[0]) and score in line for line in lines), score
        assert all(word in page1.split() for word in team.name.split())
        ratings = [o.rating for o in team.objectives]
        row = next(line for line in lines if score in line)
        assert row.split()[-len(ratings):] == ratings
    assert "the cross-border payout was stopped" in page1  # an outcome
    assert "Cross-team overview" not in page1  # page 1 stands alone


def test_headers_are_not_split_inside_a_word(printed: tuple[Path, Debriefed]) -> None:
    pdf, _ = printed
    tokens = set(words(text(pdf)).split())
    assert {"Completion", "Primary", "responsible", "organisation", "Capability", "element"} <= tokens
    # Before the fix Chromium broke the narrow column's header as "Completi" / "on date".
    assert not {t for t in tokens if t != "Completion" and len(t) > 3 and "Completion".startswith(t)}
    assert not {t for t in tokens if t != "organisation" and len(t) > 3 and "organisation".startswith(t)}


def test_the_hot_wash_and_the_agreed_plan_are_in_the_text(printed: tuple[Path, Debriefed]) -> None:
    pdf, _ = printed
    everything = words(text(pdf))
    for answer in (TH_WENT_WELL, TH_TO_IMPROVE, TH_COMMITMENT, RU_WENT_WELL, ANONYMOUS):
        assert answer in everything
    # The plan row the instructor agreed: its owner (a narrow cell, read word by word beside its neighbours)
    # and its completion date.
    assert set(OWNER.split()) <= set(everything.split())
    assert "2027-03-31" in everything
    # The interventions table: the skipped and the delayed inject by their ids (ids never wrap).
    assert {"ru.press-query", "th.press-query", "skipped", "delayed", "ad-hoc"} <= set(everything.split())


def test_the_glossary_appendix_starts_its_own_page_and_prints_every_term(printed: tuple[Path, Debriefed]) -> None:
    pdf, _ = printed
    pages = len(page_sizes(pdf))
    first = next(p for p in range(1, pages + 1) if "Glossary of cooperation terms" in text(pdf, p, p))
    assert text(pdf, first, first).lstrip().startswith("Glossary of cooperation terms")  # a page of its own
    appendix = words(text(pdf, first, pages))
    # The last term of the bundled glossary made it onto the page, its source too: no row was cut off.
    last = bundled_glossary()[-1]
    assert set(last.en.split()) <= set(appendix.split())
    assert set(last.source.split()) <= set(appendix.split())
    assert {"mule", "account", "English", "Русский", "Source"} <= set(appendix.split())
