"""The regional three-team pack's report stays readable: its typical-mistakes session printed to A4 PDF in
headless Chromium has every page portrait, and page 1 names all three teams with their scores and a rating
per objective on the team's own line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_tools import needs_chromium, page_sizes, print_pdf, text, words

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.load import load_pack
from cyberdrill.paths import exercises_dir
from cyberdrill.report import render_report
from cyberdrill.report.filters import num
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog

pytestmark = needs_chromium

PACK = "asean-scam-compound"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scorecard]:
    loaded = load_pack(exercises_dir() / PACK)
    log = MemoryLog()
    drill = DrillService(log, loaded).start(seed=1)
    play_script(drill, loaded.scripts["scripts/typical-mistakes"])
    card = drill.scorecard()
    html = render_report(card, loaded, "html", events=[e for _, e in log.read(drill.session_id)])
    return print_pdf(html, tmp_path_factory.mktemp("pdf")), card


def test_three_teams_report_is_portrait_and_page_one_names_every_team(printed: tuple[Path, Scorecard]) -> None:
    pdf, card = printed
    assert len(card.teams) >= 3
    sizes = page_sizes(pdf)
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in sizes), sizes
    page1 = words(text(pdf, 1, 1))
    lines = text(pdf, 1, 1, layout=True).splitlines()
    for team in card.teams:
        score = f"{num(team.score)} / {num(team.max_score)}"
        row = next((line for line in lines if score in line), None)
        assert row is not None, f"{team.name}: {score} not on page 1"
        assert row.strip().startswith(team.name.split()[0])
        ratings = [o.rating for o in team.objectives]
        assert row.split()[-len(ratings):] == ratings  # the ratings sit on the team's line, not wrapped
        assert all(word in page1.split() for word in team.name.split())
