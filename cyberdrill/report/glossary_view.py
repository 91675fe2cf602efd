"""The report's appendix "Glossary of cooperation terms": the trilingual glossary (`cyberdrill.pack.glossary`,
the bundled terms extended by the pack's own glossary.yaml) laid out for a reader of one language.

Each entry names its term in the report's language first, then in the other two, with the instrument it comes
from and its note in the report's language. A pack glossary that does not load leaves the bundled terms and a
sentence saying why, as the consoles' glossary does: the report is still written.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberdrill.pack.glossary import LANGS, GlossaryError, Term, load_glossary
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.report.i18n import tr
from cyberdrill.report.localized import LANGUAGE_NAMES


@dataclass(frozen=True, slots=True)
class Wording:
    """A term as one language writes it."""

    lang: str
    text: str


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One term of the appendix: `wordings[0]` in the report's language, then the other two in en, ru, th order."""

    id: str
    wordings: list[Wording]
    source: str
    note: str

    @property
    def term(self) -> str:
        """The term in the report's language."""
        return self.wordings[0].text

    @property
    def others(self) -> list[Wording]:
        """The term in the other two languages."""
        return self.wordings[1:]


@dataclass(frozen=True, slots=True)
class Glossary:
    """The appendix: its languages (each in its own name, the report's first), its entries and, when the
    pack's glossary.yaml did not load, why."""

    languages: list[str]
    entries: list[GlossaryEntry]
    problem: str = ""


def language_order(lang: str) -> list[str]:
    """`lang` first, then the other glossary languages in their usual order (en, ru, th)."""
    first = lang if lang in LANGS else "en"
    return [first, *(other for other in LANGS if other != first)]


def entry(term: Term, lang: str) -> GlossaryEntry:
    """`term` as the appendix of a report in `lang` shows it."""
    return GlossaryEntry(id=term.id, wordings=[Wording(code, term.text(code)) for code in language_order(lang)],
                         source=term.source, note=term.note_in(lang))


def report_glossary(loaded: LoadedPack, lang: str) -> Glossary:
    """The glossary appendix of a report in `lang` on the pack `loaded` (its folder's glossary.yaml extends the
    bundled one)."""
    try:
        terms = load_glossary(loaded.root)
        problem = ""
    except GlossaryError as exc:
        terms = load_glossary(None)
        why = "; ".join(d.message for d in exc.diagnostics) or str(exc)
        problem = tr("The pack's own glossary (glossary.yaml) does not load, so only the bundled terms are "
                     "listed: %(problem)s", problem=why)
    return Glossary(languages=[LANGUAGE_NAMES[code] for code in language_order(lang)],
                    entries=[entry(t, lang) for t in terms], problem=problem)
