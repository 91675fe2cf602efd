"""The trilingual glossary of cooperation terms: the bundled `pack/data/glossary.yaml`, extended by a pack.

Shape (the same for the bundled file and for a pack's own `glossary.yaml` beside its pack.yaml)::

    terms:
      poc-24-7:
        en: 24/7 point of contact
        ru: контактный пункт, работающий в режиме 24/7
        th: จุดติดต่อ 24/7
        source: "Budapest Convention Art. 35; UN Convention against Cybercrime Art. 41"
        note: {en: ..., ru: ..., th: ...}     # optional

A pack's term with a bundled id replaces that term; new ids are added after the bundled ones. A file that
does not fit raises `GlossaryError`, whose lines read `FILE:LINE:COL: error: MESSAGE` like every pack file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from cyberdrill.pack.basics import Ident, Strict
from cyberdrill.pack.loaded import Diagnostic
from cyberdrill.pack.schema_errors import schema_diagnostics
from cyberdrill.pack.yamlnodes import parse_yaml

GLOSSARY_FILE = "glossary.yaml"
LANGS = ("en", "ru", "th")


class Note(Strict):
    """One sentence about the term in each language (any may be missing)."""

    en: str | None = None
    ru: str | None = None
    th: str | None = None


class Term(Strict):
    """A cooperation term in English, Russian and Thai, with the instrument it comes from."""

    id: str = ""  # the term's key in the file (filled in by the loader)
    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    th: str = Field(min_length=1)
    source: str = Field(min_length=1)
    note: Note | None = None

    def text(self, lang: str) -> str:
        """The term in `lang` (en, ru or th)."""
        value: str = getattr(self, lang)
        return value

    def note_in(self, lang: str) -> str:
        """The note in `lang`, else in English, else ""."""
        if self.note is None:
            return ""
        return getattr(self.note, lang, None) or self.note.en or ""


class GlossaryFile(Strict):
    """A glossary file: its terms by id."""

    terms: dict[Ident, Term]


class GlossaryError(ValueError):
    """A glossary file that does not load; `diagnostics` say where (FILE:LINE:COL)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


def parse_glossary(text: str, file: str) -> list[Term]:
    """The terms of one glossary file's `text` (`file` names it in errors)."""
    doc = parse_yaml(text, file)
    if doc.problems:
        raise GlossaryError([Diagnostic(pos.file, pos.line, pos.col, message) for pos, message in doc.problems])
    data: Any = doc.value
    try:
        parsed = GlossaryFile.model_validate(data)
    except ValidationError as exc:
        raise GlossaryError(schema_diagnostics(exc, data, doc, GlossaryFile)) from None
    return [term.model_copy(update={"id": ident}) for ident, term in parsed.terms.items()]


def bundled_glossary() -> list[Term]:
    """The glossary cyberdrill ships (pack/data/glossary.yaml); empty when this build has none."""
    source = resources.files("cyberdrill.pack").joinpath(f"data/{GLOSSARY_FILE}")
    if not source.is_file():
        return []
    return parse_glossary(source.read_text(encoding="utf-8"), f"cyberdrill/pack/data/{GLOSSARY_FILE}")


def merge(base: list[Term], own: list[Term]) -> list[Term]:
    """`base` with `own`'s terms replacing those of the same id, and its new ones appended."""
    by_id = {term.id: term for term in base}
    by_id.update({term.id: term for term in own})
    return list(by_id.values())


def load_glossary(pack_root: Path | None, bundled: list[Term] | None = None) -> list[Term]:
    """The glossary a console shows for the pack in `pack_root` (None: the bundled glossary alone)."""
    terms = bundled_glossary() if bundled is None else bundled
    if pack_root is None:
        return terms
    own = pack_root / GLOSSARY_FILE
    if not own.is_file():
        return terms
    return merge(terms, parse_glossary(own.read_text(encoding="utf-8"), str(own)))


def search(terms: list[Term], query: str) -> list[Term]:
    """The terms whose id, text in any language, source or note contains `query` (case-insensitive)."""
    needle = query.strip().casefold()
    if not needle:
        return list(terms)

    def haystack(term: Term) -> str:
        notes = [term.note_in(lang) for lang in LANGS] if term.note else []
        return " ".join([term.id, term.en, term.ru, term.th, term.source, *notes]).casefold()

    return [term for term in terms if needle in haystack(term)]
