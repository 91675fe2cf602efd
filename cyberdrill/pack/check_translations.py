"""Reading and checking a pack's `translations/<lang>.yaml` files.

Errors (the pack does not load): a file that is not valid YAML or not in the format (an unknown key, a
value that is not text), a `language` that is not the file's name, a translated inject text that does not
parse or names what its source text could not. Warnings (the pack runs, falling back to its own text): a
text a file does not translate (at the source text's line; an inject's or a step's only when a team it is
meant for reads that language, as `teams[].language` says), a stale entry naming an id the pack no longer
has (at the entry's line), a declared language without a file or a file for an undeclared language, a team
whose language the pack does not offer, a translated inject text that leaves out a value its source shows.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cyberdrill.pack.checks import PackCheck
from cyberdrill.pack.loaded import Diagnostic
from cyberdrill.pack.model import Inject, Step, Team
from cyberdrill.pack.schema_errors import schema_diagnostics
from cyberdrill.pack.translations import (
    LANGUAGE_PATTERN,
    SECTIONS,
    TRANSLATIONS_DIR,
    SourceText,
    TextPath,
    Translation,
    source_language,
    source_texts,
    translated_texts,
)
from cyberdrill.pack.yamlnodes import Document, Pos

Parse = Callable[[Path], Document | None]
_TEMPLATED = frozenset({"subject", "body"})  # the inject texts rendered with Jinja2; others show as written


def translation_files(root: Path) -> list[Path]:
    """The files under translations/ a language is read from, in name order."""
    folder = root / TRANSLATIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() or p.is_symlink())


def read_translations(root: Path, check: PackCheck, parse: Parse) -> dict[str, Translation]:
    """The pack's valid translation files by language; every problem found goes to `check.diagnostics`."""
    pack = check.pack
    source = source_language(pack)
    declared = list(getattr(pack, "languages", None) or [])
    texts = {s.path: s for s in source_texts(pack)}
    found: dict[str, Translation] = {}
    for path in translation_files(root):
        doc = parse(path)
        if doc is None or doc.value is None:
            continue
        translation = _validated(path, doc, check)
        if translation is None:
            continue
        where = doc.at(("language",))
        if source == translation.language:
            _add(check, where, f"{path.name} translates the pack into its own language {source!r} (the first of "
                 "`languages`): it is not used", "warning")
            continue
        if translation.language not in declared:
            _add(check, where, f"language {translation.language!r} is not declared in the pack's `languages` "
                 f"({', '.join(declared)}): add it there", "warning")
        TranslationCheck(check, doc, translation, texts).run()
        translation._doc = doc
        found[translation.language] = translation
    for i, lang in enumerate(declared):
        if lang != source and lang not in found and not any(p.stem == lang for p in translation_files(root)):
            check.warn(("languages", i), f"language {lang!r} is declared but the pack has no "
                       f"{TRANSLATIONS_DIR}/{lang}.yaml: everything shows in {source!r}")
    offered = {source, *found}
    for i, team in enumerate(getattr(pack, "teams", None) or []):
        language = getattr(team, "language", None)
        if isinstance(language, str) and language not in offered:
            check.warn(("teams", i, "language"), f"team {team.id!r} reads {language!r}, which the pack does not "
                       f"offer ({', '.join(sorted(offered))}): it receives the pack's own text")
    return found


def _validated(path: Path, doc: Document, check: PackCheck) -> Translation | None:
    if not isinstance(doc.value, dict):
        _add(check, doc.at(()), f"{path.name} must hold a mapping (language: ..., injects: ...)")
        return None
    try:
        translation = Translation.model_validate(doc.value)
    except ValidationError as exc:
        check.diagnostics.extend(schema_diagnostics(exc, doc.value, doc, Translation))
        return None
    if translation.language != path.stem:
        _add(check, doc.at(("language",)), f"language {translation.language!r} does not match the file's name: "
             f"{path.name} holds language {path.stem!r}")
        return None
    return translation


def _add(check: PackCheck, pos: Pos, message: str, severity: str = "error") -> None:
    check.diagnostics.append(Diagnostic(pos.file, pos.line, pos.col, message, severity))


class TranslationCheck:
    """The checks of one valid translation file against the pack."""

    def __init__(self, check: PackCheck, doc: Document, translation: Translation,
                 texts: dict[TextPath, SourceText]) -> None:
        self.check, self.doc, self.translation, self.texts = check, doc, translation, texts
        self.lang = translation.language
        self.given = translated_texts(translation)

    def run(self) -> None:
        """Missing, stale and templated texts of this file."""
        readers = self.readers()
        for path, source in self.texts.items():
            if path not in self.given and readers.get(path[:2], True):
                pos = self.check.doc.at(source.where)
                _add(self.check, pos, f"no {self.lang!r} translation of {_name(path)} (in {self.doc.file}): "
                     "the pack's own text is shown", "warning")
        known = {p[:2] for p in self.texts}
        reported: set[TextPath] = set()
        for path, text in self.given.items():
            if path not in self.texts:
                entry = path[:2] if path[0] != "pack" and path[:2] not in known else path  # a gone id: once
                if entry not in reported:
                    reported.add(entry)
                    _add(self.check, self.doc.key_at(entry), self.stale(path), "warning")
            elif path[0] == "injects" and path[-1] in _TEMPLATED:
                self.template(path, text, self.texts[path].text)
            elif _is_template(text) and not _is_template(self.texts[path].text):
                _add(self.check, self.doc.at(path), f"{_name(path)} is shown as written, not rendered: its "
                     "translation cannot use {{ }} or {% %}", "warning")

    def readers(self) -> dict[TextPath, bool]:
        """For the texts meant for some teams only (an inject's, a step's): whether a team reading this
        language is among them. Such a text is expected only in its teams' languages; every other text in
        every language the pack offers."""
        languages = {t.id: t.language for _, t in self.check.items("teams", Team)}
        found: dict[TextPath, bool] = {}
        for _, inject in self.check.items("injects", Inject):
            found[("injects", inject.id)] = any(languages.get(team) == self.lang for team in inject.to)
        for _, step in self.check.items("steps", Step):
            found[("steps", step.id)] = languages.get(step.team) == self.lang
        return found

    def stale(self, path: TextPath) -> str:
        """Why a translated text has no source: the id is gone, or the pack gives no such text."""
        section, ident = path[0], path[1] if len(path) > 1 else ""
        known = sorted({p[1] for p in self.texts if p[0] == section and len(p) > 1})
        if section != "pack" and ident not in known:
            close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            return f"stale entry: the pack has no {_WORDS[section]} {ident!r}{hint}; this translation is not used"
        return f"stale entry: the pack gives no {' '.join(path[2:]) or path[-1]} for {_name(path[:2])}; " \
               "this translation is not used"

    def template(self, path: TextPath, text: str, source: str) -> None:
        """A translated inject text parses and names only what its source could; it shows what the source shows."""
        from cyberdrill.pack.check_text import TextCheck, yaml_place  # Jinja2: only when checking
        from cyberdrill.pack.text import TemplateProblem, referenced_names

        inject = next((i for _, i in self.check.items("injects", Inject) if i.id == path[1]), None)
        if inject is None:
            return
        checker = TextCheck(self.check)
        answers = checker.answers.get(inject.id)
        names = {"world", "facts", "team", "attachments"} | ({"action", "missing"} if answers else set())
        problems = list(checker.problems(text, names, answers, None)) if _is_template(text) else []
        for lineno, name, message in problems:
            file, line, col = yaml_place(self.doc, path, lineno, name)
            self.check.diagnostics.append(Diagnostic(file, line, col, message))
        if problems:
            return
        try:
            shown = {ref for ref, _ in referenced_names(source)} if _is_template(source) else set()
            written = {ref for ref, _ in referenced_names(text)} if _is_template(text) else set()
        except TemplateProblem:
            return  # the source's own problem is reported where it is written
        left_out = sorted(".".join(str(part) for part in ref) for ref in shown - written)
        if left_out:
            _add(self.check, self.doc.at(path), f"the translation of {_name(path)} leaves out "
                 f"{', '.join('{{ ' + r + ' }}' for r in left_out)}, which the pack's text shows", "warning")


_WORDS = {"teams": "team", "parties": "party", "channels": "channel", "objectives": "objective",
          "outcomes": "outcome", "injects": "inject", "consequences": "consequence", "actions": "action type",
          "steps": "step", "pack": "pack"}


def _name(path: TextPath) -> str:
    """("injects", "m1", "body") -> "inject 'm1' body"; ("pack", "title") -> "the pack's title"."""
    if path[0] == "pack":
        return f"the pack's {path[1]}" if len(path) > 1 else "the pack"
    rest = list(path[2:])
    if rest[:1] == ["fields"] and len(rest) >= 2:
        rest[:2] = [f"field {rest[1]!r}"]
    if len(rest) >= 2 and rest[-2] == "options":
        rest[-2:] = [f"option {rest[-1]!r}"]
    words = " ".join(rest)
    return f"{_WORDS.get(path[0], path[0])} {path[1]!r}" + (f" {words}" if words else "")


def _is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def coverage(pack: Any) -> dict[str, dict[str, tuple[int, int]]]:
    """Language -> section -> (texts translated, texts in the pack), for each language the pack offers
    besides its own; sections without texts are left out."""
    from cyberdrill.pack.translations import original

    model = original(getattr(pack, "pack", pack))
    texts = [s.path for s in source_texts(model)]
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for lang, translation in model._translations.items():
        given = translated_texts(translation)
        sections: dict[str, tuple[int, int]] = {}
        for section in SECTIONS:
            paths = [p for p in texts if p[0] == section]
            if paths:
                sections[section] = (sum(p in given for p in paths), len(paths))
        out[lang] = sections
    return out


__all__ = ["LANGUAGE_PATTERN", "coverage", "read_translations", "translation_files"]
