"""The report's own strings in the reader's language: gettext domain `cyberdrill-report`.

The catalogues sit beside the consoles' (domain `cyberdrill`, cyberdrill/i18n.py) under
`cyberdrill/locale/<lang>/LC_MESSAGES/cyberdrill-report.po`, each with its compiled `.mo`; the two domains
never share a file. Templates call `_()` (Jinja2's i18n extension, new-style: `_('%(n)s points', n=3)`);
the few strings built in Python go through `tr()`, which follows the language of the report being rendered.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import cache

from cyberdrill.i18n import LANGUAGES, LOCALE_DIR, babel_locale

DOMAIN = "cyberdrill-report"

_language: ContextVar[str] = ContextVar("report_language", default="en")


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The report catalogue of `lang` (English, the source, has none)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


@contextmanager
def report_language(lang: str) -> Iterator[None]:
    """Render what runs inside in `lang`."""
    translations(lang)  # an unknown language fails here, before anything is rendered
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def current() -> str:
    """The language of the report being rendered."""
    return _language.get()


def tr_noop(message: str) -> str:
    """Mark `message` for the report catalogue without translating it (`tr()` it where it is shown). Not named
    N_: the consoles' extraction (domain `cyberdrill`) collects N_ and must not collect the report's strings."""
    return message


def tr(message: str, **values: object) -> str:
    """`message` in the report's language, with `%(name)s` placeholders filled from `values`."""
    text = translations(current()).gettext(message)
    return text % values if values else text


def long_date(moment: datetime) -> str:
    """A date and time as the report's language writes it (Babel), with its UTC offset."""
    from babel.dates import format_datetime

    return str(format_datetime(moment, "medium", tzinfo=moment.tzinfo, locale=babel_locale(current())))
