"""The Faker providers a pack may name: an allow-list, because pack files are data, never code.

A pack names a provider by string and the world calls it; without a list, `faker: seed_instance` or
`faker: _Generator__config` would reach into Faker itself. Every name here is a plain value provider.
Some exist only in certain locales (a Russian INN, a Thai amphoe); calling one elsewhere is refused
with a message naming the locale.

Date and time providers are anchored to the pack's `start`, not to today: Faker's "-30d" means thirty
days before now, which would make a run's world depend on the day it was generated.
"""

from __future__ import annotations

_PEOPLE = (
    "name", "first_name", "last_name", "name_male", "name_female", "first_name_male", "first_name_female",
    "last_name_male", "last_name_female", "middle_name", "prefix", "suffix", "job",
)
_CONTACT = ("phone_number", "msisdn", "email", "free_email", "company_email", "safe_email", "user_name")
_ADDRESS = (
    "address", "city", "city_name", "street_address", "street_name", "building_number", "postcode",
    "country", "country_code", "administrative_unit", "province", "amphoe", "tambon",
)
_COMPANY = ("company", "company_suffix", "catch_phrase", "bs")
_INTERNET = (
    "domain_name", "domain_word", "tld", "url", "uri", "hostname", "slug", "ipv4", "ipv4_public",
    "ipv4_private", "ipv6", "mac_address", "port_number", "user_agent", "file_name", "mime_type",
)
_MONEY = (
    "iban", "bban", "swift", "swift8", "swift11", "bic", "checking_account", "correspondent_account", "bank",
    "credit_card_number", "currency_code", "currency_name", "cryptocurrency_code",
)
_IDENTIFIERS = (
    "ssn", "passport_number", "license_plate", "individuals_inn", "businesses_inn", "businesses_ogrn", "kpp",
    "uuid4",
)
_TEXT = ("sentence", "word", "words", "text", "paragraph")
_FORMATS = ("random_int", "numerify", "bothify", "lexify", "hexify", "sha256", "sha1", "md5", "pyint",
            "pyfloat", "pystr", "boolean")

# provider -> the arguments that take a point in time, each with its default ("now" = the pack's start).
DATE_PROVIDERS: dict[str, dict[str, str]] = {
    "date_time_between": {"start_date": "-30y", "end_date": "now"},
    "date_between": {"start_date": "-30y", "end_date": "now"},
    "date_time": {"end_datetime": "now"},
    "date": {"end_datetime": "now"},
    "time": {"end_datetime": "now"},
    "iso8601": {"end_datetime": "now"},
    "timezone": {},
}

# Providers that take `tzinfo`: given the pack's time zone so that times carry its UTC offset.
TZ_PROVIDERS: frozenset[str] = frozenset({"date_time_between", "date_time", "iso8601"})

FAKER_PROVIDERS: tuple[str, ...] = tuple(
    sorted({*_PEOPLE, *_CONTACT, *_ADDRESS, *_COMPANY, *_INTERNET, *_MONEY, *_IDENTIFIERS, *_TEXT, *_FORMATS,
            *DATE_PROVIDERS})
)


def provider_problem(name: str) -> str | None:
    """Why a pack may not call the Faker provider `name`, or None when it may."""
    if name in FAKER_PROVIDERS:
        return None
    return f"{name!r} is not an allowed Faker provider; use one of: {', '.join(FAKER_PROVIDERS)}"
