"""Reports in the instructor's language: `--lang ru|th` translates the report's own strings (gettext domain
`cyberdrill-report`) and, through the pack's translations, its texts; Thai and Cyrillic print from embedded
fonts in headless Chromium; the catalogues translate every string of the report and their .mo match the .po."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from debriefed import RU_WENT_WELL, TH_WENT_WELL, Debriefed, debriefed_session
from pdf_tools import fonts, needs_chromium, print_pdf, text, words

from cyberdrill.i18n import LOCALE_DIR
from cyberdrill.pack.translations import localize
from cyberdrill.report import ReportError, render_report
from cyberdrill.report.i18n import DOMAIN

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = {"ru": "Краткое резюме для руководства", "th": "บทสรุปสำหรับผู้บริหาร"}


@pytest.fixture(scope="module")
def session() -> Debriefed:
    return debriefed_session()


def report_strings() -> set[str]:
    """Every string the report marks: `_()` in its templates, `tr()`/`tr_noop()` in its Python."""
    keywords = {"_": None, "tr": None, "tr_noop": None}
    found: set[str] = set()
    for folder, method in ((ROOT / "cyberdrill" / "report", [("**.py", "python")]),
                           (ROOT / "templates", [("**.html", "jinja2"), ("**.md", "jinja2")])):
        options = {"**.html": {"extensions": "jinja2.ext.i18n"}, "**.md": {"extensions": "jinja2.ext.i18n"}}
        for _, _, message, _, _ in extract_from_dir(str(folder), method, options, keywords):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["ru", "th"])
def test_the_catalogue_translates_every_report_string(lang: str) -> None:
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    catalogue = read_po(po_path.open(encoding="utf-8"), locale=lang)
    translated = {str(m.id): str(m.string) for m in catalogue if m.id and m.string and "fuzzy" not in m.flags}
    strings = report_strings()
    assert len(strings) > 150
    assert strings - set(translated) == set()
    for msgid in strings:  # placeholders survive translation
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", translated[msgid])), msgid
    compiled = read_mo(io.BytesIO((po_path.with_suffix(".mo")).read_bytes()))
    assert {str(m.id): str(m.string) for m in compiled if m.id} == translated


@pytest.mark.parametrize("lang", ["ru", "th"])
def test_markdown_and_json_in_the_language(session: Debriefed, lang: str) -> None:
    md = render_report(session.card, session.loaded, "md", events=session.events, lang=lang)
    assert f"## {HEADINGS[lang]}" in md
    assert "## Executive summary" not in md and "Improvement plan" not in md
    # The pack's own texts come from its translations (h12's flagship translations/<lang>.yaml).
    localized = localize(session.loaded.pack, lang)
    assert localized.title in md and localized.title != session.loaded.pack.title
    assert TH_WENT_WELL in md and RU_WENT_WELL in md  # what the teams typed stays as typed
    assert "TLP:AMBER" in render_report(session.card, session.loaded, "md", lang=lang)  # labels never translated
    if lang == "ru":
        assert re.search(r"\b\d+,\d+ / 185\b", md)  # ThaiCERT's score with the Russian decimal comma (Babel)
    doc = json.loads(render_report(session.card, session.loaded, "json", events=session.events,
                                                 lang=lang))
    assert doc["after_action"]["language"] == lang and doc["after_action"]["interventions"][0]["kind"] == "skipped"


def test_an_unknown_language_is_refused(session: Debriefed) -> None:
    with pytest.raises(ReportError, match="unknown language 'de'"):
        render_report(session.card, session.loaded, "html", lang="de")
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "report", "x", "--lang", "de", "--db", "sqlite://"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 1 and "unknown language 'de'" in out.stderr and "Traceback" not in out.stderr


@needs_chromium
@pytest.mark.parametrize("lang", ["ru", "th"])
def test_thai_and_cyrillic_print_with_embedded_fonts(session: Debriefed, lang: str, tmp_path: Path) -> None:
    html = render_report(session.card, session.loaded, "html", events=session.events, lang=lang)
    pdf = print_pdf(html, tmp_path)
    embedded = fonts(pdf)
    assert any(name.startswith("DejaVuSans") for name in embedded), embedded  # Latin and Cyrillic
    thai = {"Loma", "Garuda", "Norasi", "Waree", "NotoSansThai"}
    if lang == "th":  # the Russian report holds no Thai script (the pack's texts are in Russian too)
        assert any(name.split("-")[0] in thai for name in embedded), embedded
    page1 = text(pdf, 1, 1)
    # Thai vowels and tone marks come out of pdftotext with stray spaces: compare without whitespace.
    assert "".join(HEADINGS[lang].split()) in "".join(page1.split())
    assert "Краткое" in page1 or lang == "th"
    everything = "".join(text(pdf).split())
    assert "".join(RU_WENT_WELL.split()) in everything  # Cyrillic typed by a team prints in the Thai report too
    assert "\ufffd" not in everything and "□" not in words(everything)
