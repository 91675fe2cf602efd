"""The trilingual glossary: the bundled terms, a pack's own glossary.yaml extending and overriding them by
id, errors at FILE:LINE:COL, and search across languages (cyberdrill/pack/glossary.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberdrill.pack.glossary import GlossaryError, load_glossary, parse_glossary, search

OWN = """\
terms:
  poc-24-7:
    en: 24/7 contact point (pack's wording)
    ru: круглосуточный контактный пункт
    th: จุดติดต่อตลอด 24 ชั่วโมง
    source: "Budapest Convention Art. 35"
  safe-account:
    en: "'safe account' scam"
    ru: мошенничество с «безопасным счётом»
    th: การหลอกให้โอนเงินเข้าบัญชีปลอดภัย
    source: "Bank of Russia warnings; Bank of Thailand advisories"
    note: {en: The caller poses as the bank's security service.}
"""


def test_the_bundled_glossary_has_the_terms_the_issue_names() -> None:
    terms = {t.id: t for t in load_glossary(None)}
    assert {"poc-24-7", "expedited-preservation"} <= set(terms)
    assert all(t.en and t.ru and t.th and t.source for t in terms.values())
    assert "บัญชีม้า" in " ".join(t.th for t in terms.values())


def test_a_packs_glossary_overrides_by_id_and_adds(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text(OWN, encoding="utf-8")
    bundled = load_glossary(None)
    terms = load_glossary(tmp_path)
    by_id = {t.id: t for t in terms}
    assert len(terms) == len(bundled) + 1
    assert by_id["poc-24-7"].ru == "круглосуточный контактный пункт"
    assert by_id["safe-account"].note_in("th") == "The caller poses as the bank's security service."
    assert [t.id for t in terms][-1] == "safe-account"


def test_a_pack_without_a_glossary_shows_the_bundled_one(tmp_path: Path) -> None:
    assert load_glossary(tmp_path) == load_glossary(None)


def test_errors_point_at_file_line_and_column(tmp_path: Path) -> None:
    broken = OWN.replace("    source: \"Budapest Convention Art. 35\"\n", "    sauce: x\n")
    with pytest.raises(GlossaryError) as raised:
        parse_glossary(broken, "pack/glossary.yaml")
    lines = str(raised.value).splitlines()
    assert any(line.startswith("pack/glossary.yaml:6:5: error:") for line in lines), lines
    assert any(line.startswith("pack/glossary.yaml:3:5: error:") and "source" in line for line in lines), lines


def test_a_yaml_syntax_error_is_located_too() -> None:
    with pytest.raises(GlossaryError, match=r"^g.yaml:\d+:\d+: error: YAML syntax"):
        parse_glossary("terms:\n  a: [\n", "g.yaml")


def test_search_finds_a_term_by_any_language_id_or_source() -> None:
    terms = parse_glossary(OWN, "own.yaml")
    assert [t.id for t in search(terms, "КОНТАКТНЫЙ")] == ["poc-24-7"]
    assert [t.id for t in search(terms, "บัญชีปลอดภัย")] == ["safe-account"]
    assert [t.id for t in search(terms, "budapest")] == ["poc-24-7"]
    assert [t.id for t in search(terms, "safe-acc")] == ["safe-account"]
    assert search(terms, "  ") == terms
