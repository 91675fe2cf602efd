"""Calling Faker for a pack: one instance per locale, allow-listed providers, JSON-ready results.

Faker is imported here (and, for the list of locales, in world/locales.py) and nowhere else, and only when a
world is generated, so that validating a pack costs no Faker import.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cyberdrill.pack.loaded import quoted
from cyberdrill.pack.world_shape import argument_problem
from cyberdrill.world.locales import check_locale
from cyberdrill.world.providers import DATE_PROVIDERS, TZ_PROVIDERS, provider_problem

if TYPE_CHECKING:
    from faker import Faker

DEFAULT_LOCALE = "en_US"

# Faker's relative times ("-30d", "+2h", "-1y6M") read with the same units, but from the pack's start.
_RELATIVE = re.compile(
    r"^(?P<sign>[+-])?(?:(?P<y>\d+)y)?(?:(?P<M>\d+)M)?(?:(?P<w>\d+)w)?(?:(?P<d>\d+)d)?"
    r"(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?$"
)


class Fakers:
    """The Faker instances of one world generation, one per locale, created on first use."""

    def __init__(self, anchor: datetime) -> None:
        self.anchor = anchor  # the pack's start: "now" for date providers
        self._by_locale: dict[str, Faker] = {}

    def get(self, locale: str) -> Faker:
        if locale not in self._by_locale:
            problem = check_locale(locale)
            if problem:
                raise ValueError(problem)
            from faker import Faker

            self._by_locale[locale] = Faker(locale)
        return self._by_locale[locale]

    def seed(self, locale: str, stream: int) -> None:
        """Seed the `locale` instance: the values drawn next depend on `stream` alone."""
        self.get(locale).seed_instance(stream)

    def call(self, locale: str, provider: str, args: dict[str, Any]) -> Any:
        """`provider(**args)` in `locale`, as a JSON-ready value (the next draw of its seeded stream)."""
        problem = provider_problem(provider)
        if problem:
            raise ValueError(problem)
        too_much = argument_problem(provider, args)
        if too_much:
            raise ValueError(too_much[1])
        fake = self.get(locale)
        method = getattr(fake, provider, None)
        if not callable(method):
            # A pack problem, reported like every other one as a ValueError.
            raise ValueError(f"Faker provider {provider!r} is not available in locale {locale!r}")
        kwargs = self._anchored(provider, args)
        try:
            result = method(**kwargs)
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"Faker {provider}({_show(args)}) failed: {exc}") from None
        return plain(result)

    def _anchored(self, provider: str, args: dict[str, Any]) -> dict[str, Any]:
        kwargs = dict(args)
        for key, default in DATE_PROVIDERS.get(provider, {}).items():
            kwargs[key] = self.moment(kwargs.get(key, default))
        if provider in TZ_PROVIDERS:
            if "tzinfo" in kwargs:
                raise ValueError(f"{provider}: times are given in the pack's time zone; drop 'tzinfo'")
            kwargs["tzinfo"] = self.anchor.tzinfo
        return kwargs

    def moment(self, value: Any) -> datetime:
        """"now"/"today", a relative time ("-30d", "+2h") from the pack's start, or an ISO date/time."""
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=self.anchor.tzinfo)
        if isinstance(value, date):
            return datetime.combine(value, time(), tzinfo=self.anchor.tzinfo)
        if isinstance(value, str):
            text = value.strip()
            if text in ("now", "today"):
                return self.anchor
            m = _RELATIVE.match(text)
            if m and any(m.group(k) for k in "yMwdhms"):
                n = {k: int(m.group(k) or 0) for k in "yMwdhms"}
                # Faker's own units: a year is 365 days, a month 30.
                delta = timedelta(days=365 * n["y"] + 30 * n["M"] + 7 * n["w"] + n["d"],
                                  hours=n["h"], minutes=n["m"], seconds=n["s"])
                return self.anchor - delta if m.group("sign") == "-" else self.anchor + delta
            try:
                return self.moment(datetime.fromisoformat(text))
            except ValueError:
                pass
        raise ValueError(
            f"a point in time is 'now', a time relative to the pack's start like '-30d' or '+2h', "
            f"or an ISO date like '2026-11-01', not {value!r}"
        )


def _show(args: dict[str, Any]) -> str:
    return ", ".join(f"{k}={quoted(v)}" for k, v in args.items())


def plain(value: Any) -> Any:
    """`value` as JSON-ready data: dates and times as ISO strings, tuples as lists, Decimals as floats."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, tzinfo):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):  # not sets: their order would differ between processes
        return [plain(v) for v in value]
    raise ValueError(f"{type(value).__name__} values cannot be recorded in a session's world")
