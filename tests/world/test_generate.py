"""The world of a run: seeded, locale-true, JSON-ready, and safe against packs that name Faker internals."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from cyberdrill.pack.model import Pack
from cyberdrill.world import FAKER_PROVIDERS, WorldError, generate_world

MakePack = Callable[..., Pack]
THAI = re.compile(r"[\u0E00-\u0E7F]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def test_same_seed_gives_the_same_world_and_it_survives_json(
    pack_with_world: MakePack, remittance_world: dict[str, Any]
) -> None:
    pack = pack_with_world(remittance_world)
    world = generate_world(pack, 7)
    assert generate_world(pack, 7) == world
    assert json.loads(json.dumps(world)) == world  # recorded as-is in SessionStarted


def test_the_world_is_the_same_in_another_process(
    pack_data_with_world: Callable[..., dict[str, Any]], remittance_world: dict[str, Any]
) -> None:
    # Python salts hash() per process; a world seeded from it would differ on resume.
    data = pack_data_with_world(remittance_world)
    code = (
        "import json, sys; from cyberdrill.pack.model import Pack; from cyberdrill.world import generate_world;"
        "pack = Pack.model_validate(json.load(sys.stdin)); print(json.dumps(generate_world(pack, 7)))"
    )
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(data), capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert json.loads(out.stdout) == generate_world(Pack.model_validate(data), 7)


def test_different_seeds_give_different_worlds(pack_with_world: MakePack, remittance_world: dict[str, Any]) -> None:
    pack = pack_with_world(remittance_world)
    worlds = [generate_world(pack, seed) for seed in range(5)]
    assert len({w["victims"][0]["name"] for w in worlds}) > 1
    assert len({w["panel_ip"] for w in worlds}) > 1
    assert len({w["mules"][0]["account"] for w in worlds}) > 1


def test_thai_and_russian_records_are_written_in_their_scripts(
    pack_with_world: MakePack, remittance_world: dict[str, Any]
) -> None:
    world = generate_world(pack_with_world(remittance_world), 3)
    for victim in world["victims"]:
        assert THAI.search(victim["name"]), victim["name"]
        assert THAI.search(victim["address"]), victim["address"]
    for mule in world["mules"]:
        assert CYRILLIC.search(mule["name"]), mule["name"]
        assert CYRILLIC.search(mule["city"]), mule["city"]
    # A field's own locale wins over its record's (the hoster's domain stays en_US).
    assert CYRILLIC.search(world["hoster"]["name"])
    assert not CYRILLIC.search(world["hoster"]["domain"])


def test_adding_an_item_or_a_field_keeps_the_other_values(
    pack_with_world: MakePack, remittance_world: dict[str, Any]
) -> None:
    before = generate_world(pack_with_world(remittance_world), 11)
    grown = {"first": {"faker": "company"}, **remittance_world}
    grown["victims"] = {**grown["victims"], "fields": {"email": {"faker": "free_email"},
                                                       **grown["victims"]["fields"]}}
    after = generate_world(pack_with_world(grown), 11)
    assert {k: v for k, v in after.items() if k not in ("first", "victims")} == {
        k: v for k, v in before.items() if k != "victims"}
    assert [{k: v for k, v in r.items() if k != "email"} for r in after["victims"]] == before["victims"]


def test_raising_a_count_keeps_the_records_already_there(
    pack_with_world: MakePack, remittance_world: dict[str, Any]
) -> None:
    before = generate_world(pack_with_world(remittance_world), 5)
    remittance_world["victims"]["count"] = 5
    after = generate_world(pack_with_world(remittance_world), 5)
    assert after["victims"][:3] == before["victims"]
    assert len(after["victims"]) == 5


def test_records_with_and_without_count(pack_with_world: MakePack) -> None:
    world = generate_world(pack_with_world({
        "one": {"fields": {"a": {"value": 1}}},
        "many": {"count": 4, "fields": {"a": {"value": 1}}},
    }), 1)
    assert world == {"one": {"a": 1}, "many": [{"a": 1}] * 4}


def test_simple_generators_keep_their_promises(pack_with_world: MakePack) -> None:
    pack = pack_with_world({
        "rows": {"count": 50, "fields": {
            "amount": {"int": [10500, 90000], "step": 1000},
            "rate": {"number": [1, 2], "digits": 2},
            "whole": {"number": [100, 200], "digits": 0},
            "ref": {"pattern": "RU-??-###"},
            "bank": {"choice": ["Sber", "Tinkoff"]},
            "iocs": {"sample": ["a", "b", "c", "d"], "k": 3},
        }},
    })
    for row in generate_world(pack, 2)["rows"]:
        assert row["amount"] % 1000 == 0 and 11000 <= row["amount"] <= 90000
        assert 1 <= row["rate"] <= 2 and round(row["rate"], 2) == row["rate"]
        assert isinstance(row["whole"], int) and 100 <= row["whole"] <= 200
        assert re.fullmatch(r"RU-[A-Z]{2}-\d{3}", row["ref"])
        assert row["bank"] in ("Sber", "Tinkoff")
        assert len(set(row["iocs"])) == 3 and set(row["iocs"]) <= {"a", "b", "c", "d"}


def test_templates_see_the_world_declared_before_them(pack_with_world: MakePack) -> None:
    world = generate_world(pack_with_world({
        "hoster": {"fields": {"name": {"value": "Selectel"}, "ip": {"value": "185.12.4.9"}}},
        "note": {"template": "Logs at {{ world.hoster.name }} ({{ world.hoster.ip }})"},
    }), 1)
    assert world["note"] == "Logs at Selectel (185.12.4.9)"


def test_a_template_naming_a_later_item_is_refused_with_its_name(pack_with_world: MakePack) -> None:
    pack = pack_with_world({
        "note": {"template": "{{ world.hoster.name }}"},
        "hoster": {"fields": {"name": {"value": "Selectel"}}},
    })
    with pytest.raises(WorldError, match=r"world\.note: .*hoster"):
        generate_world(pack, 1)


def test_dates_are_iso_strings_anchored_to_the_pack_start(pack_with_world: MakePack) -> None:
    pack = pack_with_world({
        "calls": {"count": 20, "fields": {
            "at": {"faker": "date_time_between", "args": {"start_date": "-3d", "end_date": "-1d"}},
            "day": {"faker": "date_between", "args": {"start_date": "-30d", "end_date": "today"}},
        }},
    })
    start = datetime.fromisoformat("2026-11-23T09:00:00+07:00")
    for call in generate_world(pack, 4)["calls"]:
        at = datetime.fromisoformat(call["at"])
        assert at.utcoffset() == timedelta(hours=7)
        assert start - timedelta(days=3) <= at <= start - timedelta(days=1)
        assert "2026-10-24" <= call["day"] <= "2026-11-23"


@pytest.mark.parametrize("name", ["no_such_provider", "__class__", "_Generator__config", "seed_instance", "seed",
                                  "add_provider", "random", "profile"])
def test_faker_names_outside_the_allow_list_are_refused(pack_with_world: MakePack, name: str) -> None:
    pack = pack_with_world({"x": {"faker": name}})
    with pytest.raises(ValueError, match=r"world\.x: .*not an allowed Faker provider.*phone_number"):
        generate_world(pack, 1)


def test_a_provider_missing_in_a_locale_names_the_locale(pack_with_world: MakePack) -> None:
    pack = pack_with_world({"x": {"faker": "tambon", "locale": "ru_RU"}})
    with pytest.raises(WorldError, match="not available in locale 'ru_RU'"):
        generate_world(pack, 1)


def test_an_unknown_locale_is_refused(pack_with_world: MakePack) -> None:
    with pytest.raises(WorldError, match="'xx_YY' is not a Faker locale"):
        generate_world(pack_with_world({"x": {"faker": "name", "locale": "xx_YY"}}), 1)


def test_a_sample_larger_than_its_list_is_refused(pack_with_world: MakePack) -> None:
    with pytest.raises(WorldError, match=r"k=3 .* only 2"):
        generate_world(pack_with_world({"x": {"sample": ["a", "b"], "k": 3}}), 1)


def test_every_allowed_provider_exists_and_gives_json() -> None:
    # The allow-list is typed by hand: a typo in it would refuse a name the docs promise.
    from cyberdrill.world.fakers import Fakers

    fakers = Fakers(datetime.fromisoformat("2026-11-23T09:00:00+07:00"))
    for name in FAKER_PROVIDERS:
        locale = next((loc for loc in ("en_US", "ru_RU", "th_TH") if callable(getattr(fakers.get(loc), name, None))),
                      None)
        assert locale is not None, f"{name} exists in no locale"
        fakers.seed(locale, 1)
        value = fakers.call(locale, name, {})
        assert json.loads(json.dumps(value)) == value, name


@pytest.mark.parametrize("module", ["cyberdrill.pack.world_shape", "cyberdrill.world", "cyberdrill.world.generate"])
def test_importing_the_world_does_not_import_faker_or_jinja(module: str) -> None:
    # validate and the service import the world; Faker and Jinja2 load only when a world is generated.
    code = f"import sys, {module}; print('faker' in sys.modules, 'jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("generator", "message"),
    [
        ({"faker": "pystr", "args": {"max_chars": 1_000_000_000}}, "max_chars may be at most 10,000, not 1000000000"),
        ({"faker": "words", "args": {"nb": 10**7}}, "nb may be at most 1,000"),
        ({"faker": "numerify", "args": {"text": "#" * 20_000}}, "text may hold at most 10,000 characters"),
    ],
)
def test_faker_arguments_that_ask_for_too_much_are_refused_fast(
    pack_with_world: MakePack, generator: dict[str, Any], message: str
) -> None:
    started = datetime.now()
    with pytest.raises(WorldError, match=re.escape(message)):
        generate_world(pack_with_world({"x": generator}), 1)
    assert datetime.now() - started < timedelta(seconds=2)


def test_a_world_too_big_to_record_is_refused(pack_with_world: MakePack) -> None:
    # 1,000 records of 10,000 characters: every session's log would carry 10 MB.
    big = {"rows": {"count": 1000, "fields": {"blob": {"faker": "pystr", "args": {"min_chars": 9000,
                                                                                     "max_chars": 10_000}}}}}
    with pytest.raises(WorldError, match=r"world.rows: generates .* characters; a whole world may hold at most 2,00"):
        generate_world(pack_with_world(big), 1)
