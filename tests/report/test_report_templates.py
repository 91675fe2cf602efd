"""Template lookup (--template, then the pack's templates/, then the bundled ones) and the sandbox."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError
from report_factory import synthetic_card, synthetic_pack

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.paths import templates_dir
from cyberdrill.report import render_report, template_search_path


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


# That the bundled templates ship in the installed package is checked on a built wheel (tests/test_packaging.py).


def test_the_pack_overrides_the_bundled_and_template_dir_overrides_both(tmp_path: Path, card: Scorecard) -> None:
    pack_templates = write(tmp_path / "pack-templates", "report.md", "PACK {{ overview.title }}\n")
    own = write(tmp_path / "mine", "report.md", "MINE {{ sections | length }} teams\n")
    loaded = synthetic_pack(templates=pack_templates)
    assert render_report(card, loaded, "md") == "PACK Cross-border remittance fraud (synthetic)\n"
    assert render_report(card, loaded, "md", template_dir=own) == "MINE 2 teams\n"
    assert template_search_path(loaded, own) == [own, pack_templates, templates_dir()]
    # A folder without the format's template falls through to the next one.
    assert render_report(card, loaded, "html", template_dir=own).startswith("<!DOCTYPE html>")


def test_a_pack_template_can_reuse_the_bundled_stylesheet(tmp_path: Path, card: Scorecard) -> None:
    folder = write(tmp_path / "t", "report.html",
                   "<style>{% include 'report.css' %}</style><h1>{{ overview.title }}</h1>")
    out = render_report(card, synthetic_pack(), "html", template_dir=folder)
    assert "@page" in out and out.endswith("<h1>Cross-border remittance fraud (synthetic)</h1>")


def test_pack_templates_are_autoescaped_and_markdown_is_neutralised_without_a_filter(tmp_path: Path) -> None:
    loaded = synthetic_pack()
    card = synthetic_card(loaded, hostile=True)
    folder = write(tmp_path / "t", "report.html", "{% for s in sections %}{{ s.marks[0].mark.comment }}{% endfor %}")
    write(folder, "report.md", "{% for s in sections %}{{ s.marks[0].mark.comment }}{% endfor %}")
    html = render_report(card, loaded, "html", template_dir=folder)
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = render_report(card, loaded, "md", template_dir=folder)
    assert "<script>" not in md and "\\|" in md and "\n" not in md


def test_templates_run_in_the_sandbox(tmp_path: Path, card: Scorecard, loaded: LoadedPack) -> None:
    folder = write(tmp_path / "t", "report.md", "{{ report.__class__.__init__.__globals__ }}")
    with pytest.raises(SecurityError):
        render_report(card, loaded, "md", template_dir=folder)


def test_a_missing_pack_template_folder_still_finds_the_bundled_templates(card: Scorecard) -> None:
    loaded = replace(synthetic_pack(), templates_dir=Path("no-such-folder"))
    assert "# After-action report: Cross-border remittance fraud (synthetic)" in render_report(card, loaded, "md")
