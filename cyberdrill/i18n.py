"""The consoles' languages: gettext catalogues (domain `cyberdrill`) and Babel's number, money and date formats.

Languages are the codes `en` (the source), `ru` and `th`. One language is current per process (a served seat
is its own process); a hot-seat console that remembers its own language calls `set_language` when it comes to
the front. Strings are marked with `_()` where they are shown and with `N_()` where they are defined (a module
constant, an engine message template): `N_` only marks, `_` translates at the moment of showing, so switching
language takes effect on the next paint. Parameters are formatted into the translated text afterwards::

    _("{count} new").format(count=3)
    ngettext("{n} message", "{n} messages", n).format(n=n)

The catalogues live in `cyberdrill/locale/<lang>/LC_MESSAGES/cyberdrill.po`; the compiled `.mo` files beside
them are committed (tests/test_i18n_catalogues.py checks they match the `.po`). docs/translations.md says how
to re-extract and update them.

TLP labels, RSIT identifiers and step/inject/action ids are data, never passed through `_()`.
"""

from __future__ import annotations

import gettext as _gettext
import locale as _locale
import os
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "ru", "th")
DOMAIN = "cyberdrill"
LOCALE_DIR = Path(__file__).parent / "locale"
ENV_VAR = "CYBERDRILL_LANG"

# Babel's locale for each language: the region whose conventions the drill's centres use.
_BABEL_LOCALE = {"en": "en_US", "ru": "ru_RU", "th": "th_TH"}
# Language names as a person of each language calls their own, for a language switcher.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "th": "ไทย"}

_current = "en"


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def normalise(code: str | None) -> str | None:
    """`ru_RU.UTF-8`, `th-TH`, `RU` -> `ru`; None when the code names none of LANGUAGES."""
    if not code:
        return None
    head = code.strip().replace("-", "_").split(".", 1)[0].split("_", 1)[0].lower()
    return head if head in LANGUAGES else None


def set_language(lang: str) -> None:
    """Make `lang` (one of LANGUAGES) the language `_()` translates into from now on."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    global _current
    _current = lang


def current_language() -> str:
    """The language `_()` translates into now."""
    return _current


def _locale_language() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            for part in value.split(":"):
                found = normalise(part)
                if found:
                    return found
            return None  # the first variable set decides, as gettext reads them
    try:
        return normalise(_locale.getlocale()[0])
    except ValueError:
        return None


def resolve_language(explicit: str | None) -> str:
    """The language to use: `explicit` (e.g. --lang) > $CYBERDRILL_LANG > the locale > `en`.

    An explicit code outside LANGUAGES raises ValueError (the command line reports it); an unusable
    environment value is passed over.
    """
    if explicit:
        found = normalise(explicit)
        if found is None or found != explicit.strip().lower():
            raise ValueError(f"unknown language {explicit!r}; choose one of {', '.join(LANGUAGES)}")
        return found
    return normalise(os.environ.get(ENV_VAR)) or _locale_language() or "en"


def _(message: str) -> str:
    """`message` in the current language (itself when no translation exists)."""
    return _translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for `n` in the current language (Russian has three, Thai one)."""
    return _translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (translate it with `_()` where it is shown)."""
    return message


def babel_locale(lang: str | None = None) -> str:
    """Babel's locale name for `lang` (default: the current language)."""
    return _BABEL_LOCALE[lang or _current]


def format_number(x: float | int | Decimal, lang: str | None = None) -> str:
    """`x` with the digit grouping and decimal mark of the language (ru: 1 234,5; th/en: 1,234.5)."""
    from babel.numbers import format_decimal

    return str(format_decimal(x, locale=babel_locale(lang)))


def format_money(amount: float | int | Decimal, currency: str, lang: str | None = None) -> str:
    """`amount` of `currency` (ISO code: THB, RUB, USD …) as the language writes money."""
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, locale=babel_locale(lang)))


def format_datetime(dt: datetime, lang: str | None = None, fmt: str = "medium") -> str:
    """`dt` as the language writes a date and time (`fmt`: short, medium, long or a Babel pattern)."""
    from babel.dates import format_datetime as babel_format

    return str(babel_format(dt, format=fmt, locale=babel_locale(lang)))
