"""F5: the glossary of cooperation terms, searchable, each term in the seat's language first.

The terms are the bundled glossary extended by the session's pack (cyberdrill/pack/glossary.py); they are
data, shown through `inert`. Typing filters them by any language, the id or the source instrument.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from cyberdrill.i18n import LANGUAGE_NAMES, N_, _, current_language, ngettext
from cyberdrill.pack.glossary import LANGS, GlossaryError, Term, load_glossary, search
from cyberdrill.tui.inert import inert
from cyberdrill.tui.keys import Key, KeyTable

GLOSSARY_KEYS = KeyTable(
    title=N_("The glossary"),
    intro=N_("Cooperation terms in English, Russian and Thai, each with the instrument it comes from; your "
             "language comes first. Type to search any language, the term's id or its source."),
    keys=(
        Key("escape", "dismiss", N_("Close"), "glossary.close", N_("close the glossary"), palette=None),
        Key("f5", "dismiss", N_("Close"), "glossary.close-f5", N_("close the glossary"), palette=None, show=False),
        Key("f1", "app.help", N_("Help"), "glossary.help", N_("this help"), show=False, palette=None),
    ),
)


def ordered_languages(first: str) -> list[str]:
    """en, ru, th with `first` moved to the front."""
    return [first, *(lang for lang in LANGS if lang != first)]


def term_text(term: Term, lang: str) -> Text:
    """One term as the glossary shows it: the seat's language in bold, the others, the source, the note."""
    text = Text()
    for n, code in enumerate(ordered_languages(lang)):
        text.append(f"{code}  ", style="dim")
        text.append_text(inert(term.text(code), style="bold" if n == 0 else ""))
        text.append("\n")
    text.append(_("Source:") + " ", style="dim")
    text.append_text(inert(term.source))
    note = term.note_in(lang)
    if note:
        text.append("\n")
        text.append_text(inert(note, style="italic"))
    return text


class GlossaryScreen(ModalScreen[None]):
    """The glossary over any console (see the module docstring)."""

    DEFAULT_CSS = """
    GlossaryScreen { align: center middle; }
    GlossaryScreen > Vertical {
        width: 110; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    GlossaryScreen #glossary-search { margin: 0 0 1 0; }
    GlossaryScreen .term { margin: 0 0 1 0; }
    """
    BINDINGS = GLOSSARY_KEYS.bindings()

    def __init__(self, pack_root: Path | None) -> None:
        super().__init__()
        self.problem = ""
        try:
            self.terms = load_glossary(pack_root)
        except GlossaryError as exc:  # the pack's own file is wrong: show the bundled terms, say why
            self.problem = str(exc)
            self.terms = load_glossary(None)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("Glossary · {language}").format(language=LANGUAGE_NAMES[current_language()])
            yield Input(placeholder=_("search the terms (any language, id or source)"), id="glossary-search")
            yield Label("", id="glossary-count", classes="dim")
            if self.problem:
                yield Static(inert(self.problem, style="red"), id="glossary-problem")
            yield VerticalScroll(id="glossary-terms")

    def on_mount(self) -> None:
        self.show(self.terms)
        self.query_one("#glossary-search", Input).focus()

    @on(Input.Changed, "#glossary-search")
    def filter_terms(self, event: Input.Changed) -> None:
        self.show(search(self.terms, event.value))

    def show(self, terms: list[Term]) -> None:
        """List `terms` (all of them, or what the search found)."""
        lang = current_language()
        box = self.query_one("#glossary-terms", VerticalScroll)
        box.remove_children()
        box.mount_all([Static(term_text(term, lang), classes="term") for term in terms])
        count = len(terms)
        shown = ngettext("{n} term", "{n} terms", count).format(n=count) if count else _("No term matches.")
        self.query_one("#glossary-count", Label).update(shown)
