"""End to end: a pack played headless (its solution, its typical mistakes, nobody acting), scored by the
engine, rendered in every format; and the `cyberdrill report` command on a SQLite store. Run on the
flagship pack and on the engine's small test pack (tests/fixtures/packs/mini)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from report_factory import HOSTILE
from report_readers import csv_rows, md_tables, parse_html, svg_elements

from cyberdrill.engine.events import Event
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.vocab import RATING_NAMES
from cyberdrill.paths import FLAGSHIP_PACK, exercises_dir
from cyberdrill.report import FORMATS, render_report
from cyberdrill.report.aar import build_report
from cyberdrill.report.filters import md_inline, num, pct

FLAGSHIP = exercises_dir() / FLAGSHIP_PACK
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "mini"


def scripts(pack: Path) -> dict[str, Path]:
    return {"solution": pack / "solution.yaml", "mistakes": pack / "scripts" / "typical-mistakes.yaml"}


PACKS = [pytest.param(FLAGSHIP, id="flagship"), pytest.param(MINI, id="mini")]


@dataclass
class Played:
    loaded: LoadedPack
    card: Scorecard
    events: list[Event]
    session: str


def play(pack_dir: Path, kind: str, *, hostile_notes: bool = False, log: object | None = None) -> Played:
    from cyberdrill.engine.commands import EndSession, GiveMark, OverrideRating
    from cyberdrill.pack.load import load_pack
    from cyberdrill.script import load_script, play_script
    from cyberdrill.service import DrillService
    from cyberdrill.store.base import MemoryLog

    loaded = load_pack(pack_dir)
    log = log if log is not None else MemoryLog()
    drill = DrillService(log, loaded).start(seed=1)  # type: ignore[arg-type]
    entries = []
    if kind != "empty":
        # Every pack played here has both scripts: a missing one is a failure (load_script raises), not a skip.
        entries = load_script(scripts(pack_dir)[kind])
    play_script(drill, entries, end=not hostile_notes)
    if hostile_notes:
        pack = loaded.pack
        marked = next(s for s in pack.steps if s.marking is not None)
        at = drill.state.t
        drill.execute(GiveMark(at=at, team=marked.team, step=marked.id, points=0, comment=HOSTILE,
                               evaluator="E. Valuator"))
        drill.execute(OverrideRating(at=at, team=pack.teams[0].id, objective=pack.objectives[0].id, rating="M",
                                     justification=HOSTILE))
        drill.execute(EndSession(at=at))
    return Played(loaded, drill.scorecard(), [e for _, e in log.read(drill.session_id)], drill.session_id)  # type: ignore[attr-defined]


@pytest.fixture(scope="module", params=PACKS)
def pack_dir(request: pytest.FixtureRequest) -> Path:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="module", params=["solution", "mistakes", "empty"])
def played(request: pytest.FixtureRequest, pack_dir: Path) -> Played:
    return play(pack_dir, request.param)


def lost_steps(card: Scorecard, team: int) -> list[str]:
    """Steps where points were lost for a fault (not merely a mark still to be given)."""
    return [s.step for s in card.teams[team].steps if s.status not in ("void", "pending")
            and any(r.points < 0 and r.code != "unmarked" for r in s.reasons)]


def test_solution_scores_full_marks_and_has_nothing_to_improve(pack_dir: Path) -> None:
    p = play(pack_dir, "solution")
    assert all(t.percent == 100 for t in p.card.teams), [(t.team, t.percent) for t in p.card.teams]
    md = render_report(p.card, p.loaded, "md", events=p.events)
    assert md.count("Nothing to improve") == len(p.card.teams)
    assert RATING_NAMES["P"] in md


def test_mistakes_and_empty_sessions_lose_points_with_reasons(pack_dir: Path) -> None:
    for kind in ("mistakes", "empty"):
        card = play(pack_dir, kind).card
        assert all(t.percent < 100 for t in card.teams), kind
        assert any(s.reasons for t in card.teams for s in t.steps), kind


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_reports_show_teams_scores_ratings_and_every_reason(played: Played, fmt: str) -> None:
    out = render_report(played.card, played.loaded, fmt, events=played.events)
    text = parse_html(out).text if fmt == "html" else out
    show = (lambda s: s) if fmt == "html" else (lambda s: str(md_inline(s)))
    for team in played.card.teams:
        assert show(team.name) in text
        assert f"{num(team.score)} of {num(team.max_score)} points" in text
        assert pct(team.percent) in text
        for obj in team.objectives:
            assert show(RATING_NAMES[obj.rating]) in text
        for step in team.steps:
            for reason in step.reasons:
                assert show(reason.text) in text, reason
                if reason.cite:
                    assert show(reason.cite) in text, reason


def test_improvement_plan_has_a_row_per_step_that_lost_points(played: Played) -> None:
    report = build_report(played.card, played.loaded)
    for i, section in enumerate(report.sections):
        assert [r.step for r in section.plan] == lost_steps(played.card, i)
    md = render_report(played.card, played.loaded, "md")
    plans = [t for t in md_tables(md) if t[0][0] == "Objective / capability"]
    assert sum(len(p) - 1 for p in plans) == sum(len(s.plan) for s in report.sections)
    html = render_report(played.card, played.loaded, "html")
    assert html.count('<table class="stack plan">') == len(plans)


def test_html_parses_and_holds_its_charts(played: Played) -> None:
    out = render_report(played.card, played.loaded, "html", events=played.events)
    doc = parse_html(out)
    assert doc.count("script") == 0
    assert len(svg_elements(out)) == 2 * len(played.card.teams)


def test_csv_and_json_cover_every_team_and_step(played: Played) -> None:
    rows = csv_rows(render_report(played.card, played.loaded, "csv"))
    assert len(rows) == 1 + sum(len(t.steps) for t in played.card.teams)
    assert {r[0] for r in rows[1:]} == {t.team for t in played.card.teams}
    doc = json.loads(render_report(played.card, played.loaded, "json"))
    assert doc["scorecard"]["session"] == played.session
    assert [t["team"] for t in doc["scorecard"]["teams"]] == [t.team for t in played.card.teams]


def test_marks_and_overrides_typed_in_a_real_session_come_out_escaped(pack_dir: Path) -> None:
    p = play(pack_dir, "mistakes", hostile_notes=True)
    html = render_report(p.card, p.loaded, "html", events=p.events)
    assert "<script>alert" not in html and "<img src=x" not in html
    # The engine keeps a mark only for a step that was attempted; the override is always kept.
    carried = sum(1 for t in p.card.teams for s in t.steps if s.mark and s.mark.comment == HOSTILE)
    carried += sum(1 for t in p.card.teams for o in t.objectives if o.override)
    assert carried >= 1
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= carried
    md = render_report(p.card, p.loaded, "md")
    assert "<script" not in md and "<img" not in md
    assert all(len({len(r) for r in t}) == 1 for t in md_tables(md))


# ------------------------------------------------------------------------------------- the command


def cli(*args: str) -> int:
    from cyberdrill.cli import main

    return main(list(args))


def test_report_command_renders_a_stored_session(
    pack_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cyberdrill.store import open_log

    url = f"sqlite:///{tmp_path / 'drill.db'}"
    p = play(pack_dir, "mistakes", log=open_log(url))
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        assert cli("report", p.session[:8], "--db", url, "--format", fmt, "-o", str(out)) == 0
        assert out.read_bytes().decode("utf-8") == render_report(p.card, p.loaded, fmt, events=p.events)
    team = p.card.teams[-1].team
    assert cli("report", p.session, "--db", url, "--format", "csv", "--team", team) == 0
    rows = csv_rows(capsys.readouterr().out)
    assert len(rows) == 1 + len(p.card.teams[-1].steps) and {r[0] for r in rows[1:]} == {team}
