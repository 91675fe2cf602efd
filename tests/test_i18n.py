"""The consoles' language choice and the per-language formats of numbers, money and dates (cyberdrill/i18n.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from cyberdrill import i18n


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_explicit_choice_beats_environment_and_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERDRILL_LANG", "ru")
    monkeypatch.setenv("LANG", "th_TH.UTF-8")
    assert i18n.resolve_language("th") == "th"
    assert i18n.resolve_language(None) == "ru"
    monkeypatch.delenv("CYBERDRILL_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert i18n.resolve_language(None) == "th"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.resolve_language(None) == "en"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="choose one of en, ru, th"):
        i18n.resolve_language("fr")
    with pytest.raises(ValueError):
        i18n.set_language("de")


def test_switching_language_switches_translation() -> None:
    i18n.set_language("ru")
    assert i18n.current_language() == "ru"
    assert i18n._("Help") == "Справка"
    i18n.set_language("th")
    assert i18n._("Help") == "วิธีใช้"
    i18n.set_language("en")
    assert i18n._("Help") == "Help"


def test_russian_has_three_plural_forms() -> None:
    i18n.set_language("ru")
    forms = [i18n.ngettext("{n} notification", "{n} notifications", n).format(n=n) for n in (1, 3, 5, 21)]
    assert forms == ["1 уведомление", "3 уведомления", "5 уведомлений", "21 уведомление"]
    i18n.set_language("th")
    assert i18n.ngettext("{n} term", "{n} terms", 5).format(n=5) == "5 คำศัพท์"


def test_money_numbers_and_dates_per_language() -> None:
    assert i18n.format_money(412000, "THB", "th") == "฿412,000.00"
    assert i18n.format_money(412000, "RUB", "ru").replace("\xa0", " ").replace("\u202f", " ") == "412 000,00 ₽"
    assert i18n.format_number(1234.5, "ru").replace("\xa0", " ") == "1 234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    moment = datetime(2026, 11, 23, 10, 25)
    assert "พ.ย." in i18n.format_datetime(moment, "th")
    assert "нояб" in i18n.format_datetime(moment, "ru")
