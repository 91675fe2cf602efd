"""Which Faker locales exist: the one question about Faker the pack's validator asks.

A leaf module (it imports nothing of cyberdrill), so `cyberdrill.pack` can ask it without the world's
generator, which imports the pack, ever being loaded on the way. Faker itself loads on the first call.
"""

from __future__ import annotations


def check_locale(locale: str) -> str | None:
    """Why `locale` is not a Faker locale, or None when it is."""
    from faker.config import AVAILABLE_LOCALES

    if locale in AVAILABLE_LOCALES:
        return None
    return f"{locale!r} is not a Faker locale (e.g. en_US, ru_RU, th_TH)"
