"""The consoles' catalogues cover every string the code marks, in Russian and Thai, and ship compiled."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "cyberdrill" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{\w*\}")


def marked_strings() -> set[str]:
    """Every msgid the code marks, as scripts/update-catalogues.sh extracts them (singular of plurals)."""
    found: set[str] = set()
    for folder in ("tui", "engine", "pack"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            REPO / "cyberdrill" / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "cyberdrill.po").open(encoding="utf-8") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", ["ru", "th"])
def test_every_marked_string_is_translated(lang: str) -> None:
    cat = catalogue(lang)
    done = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in cat
        if m.id and "fuzzy" not in m.flags and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(marked_strings() - done)
    assert len(marked_strings()) > 350
    assert missing == [], f"untranslated or fuzzy in {lang}: run scripts/update-catalogues.sh and translate"


@pytest.mark.parametrize("lang", ["ru", "th"])
def test_translations_keep_every_placeholder(lang: str) -> None:
    for m in catalogue(lang):
        if not m.id:
            continue
        source = m.id[0] if isinstance(m.id, tuple) else m.id
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), (source, text)


def test_russian_has_three_plural_forms_and_thai_one() -> None:
    assert catalogue("ru").num_plurals == 3
    assert catalogue("th").num_plurals == 1


def _messages(handle: io.BufferedIOBase | io.BytesIO) -> dict[object, object]:
    return {tuple(m.id) if isinstance(m.id, list | tuple) else m.id:
            tuple(m.string) if isinstance(m.string, list | tuple) else m.string for m in read_mo(handle) if m.id}


@pytest.mark.parametrize("lang", ["ru", "th"])
def test_the_committed_mo_matches_the_po(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(lang))
    compiled.seek(0)
    fresh = _messages(compiled)
    with (LOCALE / lang / "LC_MESSAGES" / "cyberdrill.mo").open("rb") as handle:
        shipped = _messages(handle)
    assert shipped == fresh, "recompile: scripts/update-catalogues.sh"


def test_the_catalogues_ship_in_the_package() -> None:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "locale/*/LC_MESSAGES/*.mo" in data["cyberdrill"]
