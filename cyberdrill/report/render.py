"""`render_report`: a scorecard to HTML, Markdown, JSON or CSV.

HTML and Markdown go through Jinja2 templates found, in this order, in the `--template` folder, the
pack's own `templates/` folder and the bundled templates. A pack's templates are data from whoever wrote
the pack, so every template runs in Jinja2's sandbox.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from jinja2 import FileSystemLoader, TemplateNotFound, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from cyberdrill.engine.events import Event
from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.sandbox import metered, sandboxed_environment
from cyberdrill.paths import templates_dir
from cyberdrill.report.aar import build_report, reason_line
from cyberdrill.report.compare import CompareError, Run, compare, comparison_document
from cyberdrill.report.filters import FILTERS, md_inline
from cyberdrill.report.i18n import current, report_language, translations
from cyberdrill.report.localized import localized
from cyberdrill.report.tabular import render_csv, render_json

Format = Literal["html", "md", "json", "csv"]
FORMATS: tuple[str, ...] = ("html", "md", "json", "csv")

# The template each templated format starts from; a pack or --template folder overrides it by name.
TEMPLATE_NAMES: dict[str, str] = {"html": "report.html", "md": "report.md"}


# A report is bigger than any one text of a pack, but its template is the pack's too: it gets budgets as well.
REPORT_SECONDS = 30.0
REPORT_MAX_OUTPUT = 50_000_000


class ReportError(ValueError):
    """The report cannot be made as asked (unknown format or team, a template that is missing)."""


def template_search_path(loaded: LoadedPack, template_dir: str | Path | None = None) -> list[Path]:
    """Folders searched for report templates, first match wins: --template, the pack's, the bundled."""
    search = [Path(template_dir)] if template_dir is not None else []
    if loaded.templates_dir is not None:
        search.append(Path(loaded.templates_dir))
    search.append(templates_dir())
    return search


@lru_cache(maxsize=16)
def _environment(fmt: str, search: tuple[str, ...]) -> SandboxedEnvironment:
    # One environment per format and search path: Jinja2 keeps compiled templates in it, and reloads a
    # template whose file changed.
    loader = FileSystemLoader(list(search))
    filters = {**FILTERS, "reason": reason_line}
    if fmt == "html":
        env = sandboxed_environment(loader=loader, autoescape=select_autoescape(default=True, default_for_string=True),
                                    filters=filters)
    else:
        # Markdown has no autoescape: every {{ ... }} goes through md_inline instead, so a template that
        # forgets a filter still cannot let typed text become links, tables or HTML.
        env = sandboxed_environment(loader=loader, finalize=md_inline, keep_trailing_newline=True, filters=filters)
    # The report's strings: `_()` in templates, in the language of the report being rendered (report/i18n.py).
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: translations(current()).gettext(message),
        lambda singular, plural, n: translations(current()).ngettext(singular, plural, n),
        newstyle=True,
    )
    return env


def _narrow(card: Scorecard, team: str | None) -> Scorecard:
    if team is None:
        return card
    chosen = [t for t in card.teams if t.team == team]
    if not chosen:
        known = ", ".join(t.team for t in card.teams) or "none"
        raise ReportError(f"team {team!r} is not in session {card.session} (teams: {known})")
    return replace(card, teams=chosen)


def render_report(
    card: Scorecard,
    loaded: LoadedPack,
    fmt: Format,
    *,
    template_dir: str | Path | None = None,
    team: str | None = None,
    ranking: bool = False,
    events: list[Event] | None = None,
    lang: str = "en",
) -> str:
    """The report of `card` in `fmt` ("html", "md", "json" or "csv").

    `team` narrows it to one team; `ranking` adds a ranking of the teams (by default each team is only
    compared to the pack's standard); `events`, the session's log, adds when it was played and how many
    actions each team took, the hot wash, the instructor's interventions and plan rows; `lang` is the
    language of the report, its own strings and the pack's texts (`cyberdrill.pack.translations.localize`;
    what the pack does not translate stays in its source language, and the report says so). Raises
    ReportError for an unknown format, team, template or language.
    """
    try:
        translations(lang)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    with report_language(lang):
        card, loaded, note = localized(card, loaded, lang)
        return _render(card, loaded, fmt, template_dir=template_dir, team=team, ranking=ranking, events=events,
                       note=note)


def _render(
    card: Scorecard,
    loaded: LoadedPack,
    fmt: Format,
    *,
    template_dir: str | Path | None,
    team: str | None,
    ranking: bool,
    events: list[Event] | None,
    note: str,
) -> str:
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r} (use one of {', '.join(FORMATS)})")
    card = _narrow(card, team)
    if fmt == "json":
        return render_json(card, loaded, ranking=ranking, events=events, pack_language_note=note)
    if fmt == "csv":
        return render_csv(card)
    search = tuple(str(p) for p in template_search_path(loaded, template_dir))
    env = _environment(fmt, search)
    try:
        template = env.get_template(TEMPLATE_NAMES[fmt])
    except TemplateNotFound:
        raise ReportError(f"no template {TEMPLATE_NAMES[fmt]} in {', '.join(search)}") from None
    report = build_report(card, loaded, ranking=ranking, events=events, pack_language_note=note)
    with metered(seconds=REPORT_SECONDS, max_output=REPORT_MAX_OUTPUT):
        return template.render(report.context())


COMPARE_TEMPLATES: dict[str, str] = {"html": "compare.html", "md": "compare.md"}


def render_comparison(runs: list[Run], fmt: Format, *, team: str | None = None, lang: str = "en",
                      template_dir: str | Path | None = None) -> str:
    """Sessions of one pack compared (`report --compare`) in `fmt` ("html", "md" or "json"): each team's
    score and rating per objective per session, and last time's plan items with their status. Raises
    ReportError when the sessions cannot be compared or the format or language is unknown."""
    if fmt not in COMPARE_TEMPLATES and fmt != "json":
        raise ReportError(f"--compare writes html, md or json, not {fmt!r}")
    try:
        translations(lang)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    with report_language(lang):
        local = [_localized_run(r, lang) for r in runs]
        try:
            comparison = compare(local, team)
        except CompareError as exc:
            raise ReportError(str(exc)) from None
        if fmt == "json":
            return json.dumps(comparison_document(comparison), ensure_ascii=False, indent=2) + "\n"
        search = tuple(str(p) for p in template_search_path(runs[-1].loaded, template_dir))
        env = _environment(fmt, search)
        try:
            template = env.get_template(COMPARE_TEMPLATES[fmt])
        except TemplateNotFound:
            raise ReportError(f"no template {COMPARE_TEMPLATES[fmt]} in {', '.join(search)}") from None
        with metered(seconds=REPORT_SECONDS, max_output=REPORT_MAX_OUTPUT):
            return template.render({**comparison.context(), "language": lang})


def _localized_run(run: Run, lang: str) -> Run:
    card, loaded, _note = localized(run.card, run.loaded, lang)
    return Run(card=card, events=run.events, loaded=loaded)
