"""The report's appendix "Glossary of cooperation terms": every term of the trilingual glossary (the bundled one,
extended by the pack's own glossary.yaml), its wording in the report's language first, then in the other two,
with its source instrument, in HTML, Markdown and JSON alike."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from report_readers import md_tables, parse_html

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.glossary import bundled_glossary
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report import render_report

MULE_SOURCE = "Thai Emergency Decree on Technology Crimes B.E. 2566 s. 9"
# The "mule account" row as each report language shows it: the report's language first, then the other two.
MULE = {
    "en": ["mule account", "счет дропа (дроп)", "บัญชีม้า"],
    "ru": ["счет дропа (дроп)", "mule account", "บัญชีม้า"],
    "th": ["บัญชีม้า", "mule account", "счет дропа (дроп)"],
}
HEADERS = {
    "en": ["English", "Русский", "ไทย", "Source"],
    "ru": ["Русский", "English", "ไทย", "Источник"],
    "th": ["ไทย", "English", "Русский", "ที่มา"],
}
TITLES = {"en": "Glossary of cooperation terms", "ru": "Глоссарий терминов сотрудничества",
          "th": "อภิธานศัพท์ด้านความร่วมมือ"}

OWN_GLOSSARY = """\
terms:
  mule-account:
    en: drop account
    ru: дроп-счет
    th: บัญชีม้ารับโอน
    source: "Pack's own wording (Bank of Thailand circular, as a model)"
  crypto-off-ramp:
    en: crypto off-ramp
    ru: вывод криптовалюты в фиат
    th: ช่องทางแลกคริปโตเป็นเงินสด
    source: "FATF Updated Guidance on Virtual Assets (2021)"
"""


def glossary_table(md: str, lang: str) -> list[list[str]]:
    """The Markdown table under the glossary heading."""
    after = md.split(f"## {TITLES[lang]}", 1)[1]
    return md_tables(after)[0]


def md_row(table: list[list[str]], first_cell: str) -> list[str]:
    return next(row for row in table if row[0].startswith(f"**{first_cell}**"))


@pytest.mark.parametrize("lang", ["en", "ru", "th"])
def test_markdown_lists_every_term_in_the_report_language_first(card: Scorecard, loaded: LoadedPack,
                                                                 lang: str) -> None:
    md = render_report(card, loaded, "md", lang=lang)
    table = glossary_table(md, lang)
    assert table[0] == HEADERS[lang]
    assert len(table) == 1 + len(bundled_glossary())
    row = md_row(table, MULE[lang][0])
    assert row[1:3] == MULE[lang][1:]
    assert row[3].startswith(MULE_SOURCE)
    # The glossary is the report's last section, after every team.
    assert md.index(f"## {TITLES[lang]}") > max(md.index(t.name) for t in card.teams)


@pytest.mark.parametrize("lang", ["ru", "th"])
def test_the_note_is_in_the_report_language(card: Scorecard, loaded: LoadedPack, lang: str) -> None:
    row = md_row(glossary_table(render_report(card, loaded, "md", lang=lang), lang), MULE[lang][0])
    note = {"ru": "жаргон банковских антифрод-подразделений", "th": "เป็นความผิดตามพระราชกำหนด"}[lang]
    assert note in row[0]
    assert "Russian anti-fraud desks" not in row[0]


@pytest.mark.parametrize("lang", ["en", "ru", "th"])
def test_json_glossary_orders_each_term_by_the_report_language(card: Scorecard, loaded: LoadedPack,
                                                               lang: str) -> None:
    doc = json.loads(render_report(card, loaded, "json", lang=lang))
    glossary = doc["after_action"]["glossary"]
    assert [t["id"] for t in glossary] == [t.id for t in bundled_glossary()]
    mule = next(t for t in glossary if t["id"] == "mule-account")
    assert [w["text"] for w in mule["terms"]] == MULE[lang]
    assert mule["terms"][0]["lang"] == lang
    assert {w["lang"] for w in mule["terms"]} == {"en", "ru", "th"}
    assert mule["source"].startswith(MULE_SOURCE)
    assert doc["after_action"]["glossary_problem"] is None
    plain = next(t for t in glossary if t["id"] == "network-24-7")
    assert plain["note"] is None  # a term without a note says so rather than an empty string


@pytest.mark.parametrize("lang", ["ru", "th"])
def test_html_glossary_is_a_table_headed_by_the_languages(card: Scorecard, loaded: LoadedPack, lang: str) -> None:
    html = render_report(card, loaded, "html", lang=lang)
    section = html.split('<section class="glossary" id="glossary">', 1)[1].split("</section>", 1)[0]
    doc = parse_html(section)
    assert TITLES[lang] in doc.text
    heads = re.findall(r"<th>(.*?)</th>", section)
    assert heads == HEADERS[lang]
    row = section.split('<tr id="term-mule-account">', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td data-label="([^"]*)" (?:class="[^"]*" )?(?:lang="(\w+)")?[^>]*>(.*?)</td>', row)
    assert [label for label, _, _ in cells] == HEADERS[lang]  # a phone's card labels each line by its language
    assert [code for _, code, _ in cells[:3]] == [lang] + [c for c in ("en", "ru", "th") if c != lang]
    assert f"<strong>{MULE[lang][0]}</strong>" in cells[0][2]
    assert [c for _, _, c in cells[1:3]] == MULE[lang][1:]
    assert cells[3][2].startswith(MULE_SOURCE)


def test_html_glossary_prints_on_its_own_portrait_page_and_reflows(card: Scorecard, loaded: LoadedPack) -> None:
    html = render_report(card, loaded, "html")
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    print_css = css.split("@media print", 1)[1]
    assert re.search(r"#glossary\b[^{]*\{[^}]*break-before: page", print_css)
    assert "size: A4;" in css and "landscape" not in css
    # Fixed layout with column shares that fill the page: long Thai and Russian wordings wrap inside their cells.
    assert "table.glossary-terms { table-layout: fixed; }" in css
    widths = re.findall(r"table\.glossary-terms col\.c-(\w+) \{ width: (\d+)%; \}", css)
    share = {name: int(w) for name, w in widths}
    assert share["term"] + 2 * share["other"] + share["source"] == 100


def test_a_pack_glossary_replaces_and_extends_the_bundled_terms(card: Scorecard, loaded: LoadedPack,
                                                                tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text(OWN_GLOSSARY, encoding="utf-8")
    own = replace(loaded, root=tmp_path)
    doc = json.loads(render_report(card, own, "json", lang="ru"))
    glossary = doc["after_action"]["glossary"]
    assert len(glossary) == len(bundled_glossary()) + 1
    assert glossary[-1]["id"] == "crypto-off-ramp"
    assert [w["text"] for w in glossary[-1]["terms"]] == ["вывод криптовалюты в фиат", "crypto off-ramp",
                                                          "ช่องทางแลกคริปโตเป็นเงินสด"]
    mule = next(t for t in glossary if t["id"] == "mule-account")
    assert mule["terms"][0]["text"] == "дроп-счет" and mule["source"].startswith("Pack's own wording")
    md = render_report(card, own, "md", lang="th")
    assert md_row(glossary_table(md, "th"), "ช่องทางแลกคริปโตเป็นเงินสด")[3] == (
        "FATF Updated Guidance on Virtual Assets (2021)")


def test_a_broken_pack_glossary_keeps_the_bundled_terms_and_says_why(card: Scorecard, loaded: LoadedPack,
                                                                     tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text("terms:\n  mule-account:\n    en: only English\n", encoding="utf-8")
    own = replace(loaded, root=tmp_path)
    doc = json.loads(render_report(card, own, "json"))
    assert len(doc["after_action"]["glossary"]) == len(bundled_glossary())
    problem = doc["after_action"]["glossary_problem"]
    assert problem.startswith("The pack's own glossary (glossary.yaml) does not load") and "ru" in problem
    md = render_report(card, own, "md", lang="ru")
    assert "Собственный глоссарий сценария (glossary.yaml) не загружается" in md
    assert "счет дропа (дроп)" in md  # the bundled wording, not the broken file's


def test_pack_glossary_text_is_escaped(card: Scorecard, loaded: LoadedPack, tmp_path: Path) -> None:
    hostile = OWN_GLOSSARY.replace("crypto off-ramp", "<script>alert(1)</script> | [x](http://e.test)")
    (tmp_path / "glossary.yaml").write_text(hostile, encoding="utf-8")
    own = replace(loaded, root=tmp_path)
    html = render_report(card, own, "html")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render_report(card, own, "md")
    table = glossary_table(md, "en")
    assert all(len(row) == 4 for row in table)  # the pipe did not split the row
    assert "[x](http://e.test)" not in md
