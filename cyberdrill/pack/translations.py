"""A pack in several languages: the `translations/<lang>.yaml` files and the localized pack made from them.

A translation file mirrors the pack's own texts keyed by the pack's ids (docs/pack-format.md,
"Translations"). Every key is optional: what a file does not give falls back to the pack's own text (the
source language, the first of `languages`). Only texts are translated: ids, TLP labels, RSIT classes, the
values a choice records and the attachments (evidence, whose digests are recorded) never change.

`localize(pack, lang)` is the pack as a reader of `lang` sees it (cached on the pack); `languages_of(...)`
the languages a pack offers. Reading and checking the files is pack/check_translations.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, PrivateAttr

from cyberdrill.pack.basics import Ident, Strict
from cyberdrill.pack.model import ActionField, ActionType, Pack

TRANSLATIONS_DIR = "translations"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]
Text = Annotated[str, Field(min_length=1)]

# ------------------------------------------------------------------------------------------- the format


class PackTexts(Strict):
    title: Text | None = None
    summary: Text | None = None
    scenario: Text | None = None
    legal_basis_note: Text | None = None


class NamedTexts(Strict):
    """A team's, party's or channel's texts."""

    name: Text | None = None
    description: Text | None = None


class TextOnly(Strict):
    """An objective's or an outcome's text."""

    text: Text | None = None


class InjectTexts(Strict):
    title: Text | None = None
    subject: Text | None = None  # Jinja2, the same names as the source's subject
    body: Text | None = None  # Jinja2, Markdown


class TitleOnly(Strict):
    title: Text | None = None


class FieldTexts(Strict):
    label: Text | None = None
    help: Text | None = None
    placeholder: Text | None = None
    options: dict[str, Text] = {}  # choice value (as the pack writes it) -> the label shown for it


class ActionTexts(Strict):
    title: Text | None = None
    description: Text | None = None
    fields: dict[Ident, FieldTexts] = {}


class StepTexts(Strict):
    title: Text | None = None
    lesson: Text | None = None
    recommendation: Text | None = None


class Translation(Strict):
    """One `translations/<lang>.yaml` file."""

    _doc: Any = PrivateAttr(default=None)  # where each value was written (a yamlnodes.Document), set by the loader

    language: Language
    pack: PackTexts = PackTexts()
    teams: dict[Ident, NamedTexts] = {}
    parties: dict[Ident, NamedTexts] = {}
    channels: dict[Ident, NamedTexts] = {}
    objectives: dict[Ident, TextOnly] = {}
    outcomes: dict[Ident, TextOnly] = {}
    injects: dict[Ident, InjectTexts] = {}
    consequences: dict[Ident, TitleOnly] = {}
    actions: dict[Ident, ActionTexts] = {}
    steps: dict[Ident, StepTexts] = {}


# Sections of a translation file, in the order coverage is printed.
SECTIONS: tuple[str, ...] = ("pack", "teams", "parties", "channels", "objectives", "outcomes", "injects",
                             "consequences", "actions", "steps")
# Which section keys each list section of the pack translates.
_ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "teams": ("name", "description"),
    "parties": ("name", "description"),
    "channels": ("name", "description"),
    "objectives": ("text",),
    "injects": ("title", "subject", "body"),
    "consequences": ("title",),
    "steps": ("title", "lesson", "recommendation"),
}
_PACK_KEYS: tuple[str, ...] = tuple(PackTexts.model_fields)
_FIELD_KEYS: tuple[str, ...] = ("label", "help", "placeholder")
TextPath = tuple[str, ...]  # where a text sits in a translation file: ("injects", "m1", "body")

# ------------------------------------------------------------------------------------ the pack's texts


@dataclass(frozen=True)
class SourceText:
    """One translatable text of the pack: its place in a translation file, its place in the pack's data
    (for positions), and the source text itself."""

    path: TextPath
    where: tuple[Any, ...]
    text: str


def source_texts(pack: Pack) -> Iterator[SourceText]:
    """Every translatable text the pack gives (texts it leaves out have nothing to translate)."""
    for key in _PACK_KEYS:
        value = getattr(pack, key, None)
        if isinstance(value, str):
            yield SourceText(("pack", key), (key,), value)
    for section, keys in _ITEM_KEYS.items():
        for i, item in enumerate(getattr(pack, section, None) or []):
            if item is None:
                continue
            for key in keys:
                value = getattr(item, key, None)
                if isinstance(value, str):
                    yield SourceText((section, item.id, key), (section, i, key), value)
    for i, objective in enumerate(getattr(pack, "objectives", None) or []):
        for j, outcome in enumerate(getattr(objective, "outcomes", None) or []):
            if outcome is not None:
                yield SourceText(("outcomes", outcome.id, "text"), ("objectives", i, "outcomes", j, "text"),
                                 outcome.text)
    for name, action in (getattr(pack, "actions", None) or {}).items():
        if not isinstance(action, ActionType):
            continue
        yield SourceText(("actions", name, "title"), ("actions", name, "title"), action.title)
        if action.description is not None:
            yield SourceText(("actions", name, "description"), ("actions", name, "description"), action.description)
        for field_name, spec in action.fields.items():
            base = ("actions", name, "fields", field_name)
            for key in _FIELD_KEYS:
                value = getattr(spec, key)
                if isinstance(value, str):
                    yield SourceText((*base, key), (*base, key), value)
            if spec.type in ("choice", "multichoice"):
                for j, option in enumerate(spec.options or []):
                    yield SourceText((*base, "options", option), (*base, "options", j), option)


def translated_texts(translation: Translation) -> dict[TextPath, str]:
    """The texts a translation file gives, by their place in the file."""
    found: dict[TextPath, str] = {}

    def walk(value: Any, path: TextPath) -> None:
        if isinstance(value, str):
            found[path] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "language" or path:
                    walk(item, (*path, str(key)))

    walk(translation.model_dump(exclude_none=True, exclude_defaults=True), ())
    return found


# ----------------------------------------------------------------------------------------- localizing


def source_language(pack: Pack) -> str:
    """The language the pack itself is written in: the first of `languages`."""
    languages = getattr(pack, "languages", None) or ["en"]
    return str(languages[0])


def languages_of(pack: Any) -> list[str]:
    """The languages a pack (a Pack or a LoadedPack) offers: its source language first, then each language
    it has a translation file for, those it declares in `languages` first and in that order."""
    model: Pack = getattr(pack, "pack", pack)
    model = original(model)
    source = source_language(model)
    files = model._translations
    declared = [lang for lang in model.languages if lang in files and lang != source]
    others = sorted(lang for lang in files if lang not in declared and lang != source)
    return [source, *dict.fromkeys(declared), *others]


def original(pack: Pack) -> Pack:
    """The pack a localized copy was made from (the pack itself when it is not a copy)."""
    source = pack._localized.get("") if pack._language is not None else None
    return source if isinstance(source, Pack) else pack


def localize(pack: Pack, lang: str) -> Pack:
    """A copy of `pack` with every translatable text in `lang`, falling back to the pack's own text where
    the translation gives none (and for a language it has no translation for). Cached: the same copy
    for the same pack and language. Ids, TLP labels, choice values and attachments are unchanged."""
    pack = original(pack)
    if lang == source_language(pack) or lang not in pack._translations:
        return pack
    cached = pack._localized.get(lang)
    if isinstance(cached, Pack):
        return cached
    texts = translated_texts(pack._translations[lang])
    copy = _apply(pack, texts)
    copy._translations = pack._translations
    copy._localized = {"": pack}
    copy._language = lang
    copy._positions = pack._positions
    pack._localized[lang] = copy
    return copy


def _apply(pack: Pack, texts: dict[TextPath, str]) -> Pack:
    update: dict[str, Any] = {key: texts[("pack", key)] for key in _PACK_KEYS if ("pack", key) in texts}
    for section, keys in _ITEM_KEYS.items():
        items = []
        for item in getattr(pack, section):
            changes: dict[str, Any] = {key: texts[(section, item.id, key)] for key in keys
                                       if (section, item.id, key) in texts}
            if section == "objectives":
                changes["outcomes"] = [
                    o.model_copy(update={"text": texts[("outcomes", o.id, "text")]})
                    if ("outcomes", o.id, "text") in texts else o for o in item.outcomes]
            items.append(item.model_copy(update=changes) if changes else item)
        update[section] = items
    update["actions"] = {name: _action(name, action, texts) for name, action in pack.actions.items()}
    return pack.model_copy(update=update)


def _action(name: str, action: ActionType, texts: dict[TextPath, str]) -> ActionType:
    changes: dict[str, Any] = {key: texts[("actions", name, key)] for key in ("title", "description")
                               if ("actions", name, key) in texts}
    fields: dict[str, ActionField] = {}
    for field_name, spec in action.fields.items():
        base = ("actions", name, "fields", field_name)
        field_changes = {key: texts[(*base, key)] for key in _FIELD_KEYS if (*base, key) in texts}
        labels = {option: texts[(*base, "options", option)] for option in spec.options or []
                  if (*base, "options", option) in texts}
        copy = spec.model_copy(update=field_changes) if field_changes or labels else spec
        if labels:
            copy._option_labels = labels
        fields[field_name] = copy
    changes["fields"] = fields
    return action.model_copy(update=changes)
