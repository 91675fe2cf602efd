"""The pack's own texts in the report's language: h11's `localize(pack, lang)` applied to a scorecard.

A scorecard carries the texts of the pack it was scored with (step titles, lessons, objectives, outcomes, team
names). The report in another language replaces them, id by id, with those of the localised pack; what the
pack has not translated stays in its source language, and the report says so.
"""

from __future__ import annotations

from dataclasses import replace

from cyberdrill.engine.scorecard import ObjectiveResult, Scorecard, StepResult, TeamScore
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import Pack
from cyberdrill.pack.translations import languages_of, localize, source_language
from cyberdrill.report.i18n import tr

LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "th": "ไทย"}


def _step(s: StepResult, pack: Pack) -> StepResult:
    model = next((m for m in pack.steps if m.id == s.step), None)
    if model is None:
        return s
    return replace(s, title=model.title, lesson=model.lesson or s.lesson,
                   recommendation=model.recommendation if model.recommendation is not None else s.recommendation)


def _objective(o: ObjectiveResult, pack: Pack) -> ObjectiveResult:
    model = next((m for m in pack.objectives if m.id == o.objective), None)
    if model is None:
        return o
    texts = {oc.id: oc.text for oc in model.outcomes}
    outcomes = [replace(oc, text=texts.get(oc.outcome, oc.text)) for oc in o.outcomes]
    return replace(o, text=model.text, capability=model.capability, outcomes=outcomes)


def _team(t: TeamScore, pack: Pack) -> TeamScore:
    model = next((m for m in pack.teams if m.id == t.team), None)
    return replace(t, name=model.name if model else t.name, steps=[_step(s, pack) for s in t.steps],
                   objectives=[_objective(o, pack) for o in t.objectives])


def localized(card: Scorecard, loaded: LoadedPack, lang: str) -> tuple[Scorecard, LoadedPack, str]:
    """`card` and `loaded` with the pack's texts in `lang`, and a note for the reader when the pack has no
    translation into `lang` (its texts then stay in the source language)."""
    source = source_language(loaded.pack)
    if lang == source:
        return card, loaded, ""
    if lang not in languages_of(loaded):
        note = tr("The pack has no translation into %(lang)s: its own texts (scenario, steps, lessons) are in "
                  "%(source)s.", lang=LANGUAGE_NAMES.get(lang, lang), source=LANGUAGE_NAMES.get(source, source))
        return card, loaded, note
    pack = localize(loaded.pack, lang)
    card = replace(card, pack_title=pack.title, teams=[_team(t, pack) for t in card.teams])
    return card, replace(loaded, pack=pack), ""
