"""The world's shape: what `cyberdrill validate` checks `{{ world... }}` references against."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cyberdrill.pack.model import Generator, Pack
from cyberdrill.pack.world_shape import check_world_path, generator_problem, world_shape
from cyberdrill.world import generate_world

MakePack = Callable[..., Pack]


@pytest.fixture
def shape(pack_with_world: MakePack, remittance_world: dict[str, Any]) -> dict[str, Any]:
    return world_shape(pack_with_world(remittance_world))


def leaf_paths(value: Any, path: tuple[str | int, ...] = ("world",)) -> Iterator[tuple[str | int, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*path, index))


def test_every_path_of_a_generated_world_is_accepted(
    pack_with_world: MakePack, remittance_world: dict[str, Any]
) -> None:
    pack = pack_with_world(remittance_world)
    shape = world_shape(pack)
    paths = list(leaf_paths(generate_world(pack, 9)))
    assert ("world", "victims", 2, "name") in paths
    assert [p for p in paths if check_world_path(shape, p) is not None] == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (("world", "victims", 0, "nmae"), "world.victims[0] has no field 'nmae' (fields: name, address, phone, lost)"),
        (("world", "victim"), "world has no item 'victim'"),
        (("world", "victims", "name"), "world.victims is a list"),
        (("world", "victims", 3), "world.victims has 3 items; index 3 is out of range"),
        (("world", "hoster", 0), "world.hoster is a record, not a list"),
        (("world", "panel_ip", "octets"), "world.panel_ip is a single value"),
        (("world", "desk", "hourz"), "world.desk has no field 'hourz' (fields: name, hours)"),
        (("world", "indicators", 2), "world.indicators has 2 items"),
    ],
)
def test_bad_references_are_explained(shape: dict[str, Any], path: tuple[str | int, ...], message: str) -> None:
    problem = check_world_path(shape, path)
    assert problem is not None and problem.startswith(message), problem


@pytest.mark.parametrize(
    "path",
    [("world",), ("world", "victims"), ("world", "victims", -1, "phone"), ("world", "desk", "hours", 1),
     ("world", "indicators", 0)],
)
def test_lists_may_be_indexed_or_looped_over(shape: dict[str, Any], path: tuple[str | int, ...]) -> None:
    assert check_world_path(shape, path) is None


def test_a_choice_of_records_offers_only_the_fields_every_option_has(pack_with_world: MakePack) -> None:
    shape = world_shape(pack_with_world({"bank": {"choice": [
        {"name": "Kasikorn", "swift": "KASITHBK", "hotline": "02 888 8888"},
        {"name": "Bangkok Bank", "swift": "BKKBTHBK"},
    ]}}))
    assert check_world_path(shape, ("world", "bank", "swift")) is None
    problem = check_world_path(shape, ("world", "bank", "hotline"))
    assert problem == "world.bank has no field 'hotline' (fields: name, swift)"


def test_a_sample_of_records_is_a_list_of_records(pack_with_world: MakePack) -> None:
    shape = world_shape(pack_with_world({"mules": {"sample": [{"iban": "A"}, {"iban": "B"}, {"iban": "C"}], "k": 2}}))
    assert check_world_path(shape, ("world", "mules", 1, "iban")) is None
    assert "out of range" in (check_world_path(shape, ("world", "mules", 2, "iban")) or "")


def test_generator_problems_are_found_without_generating() -> None:
    assert "not an allowed Faker provider" in (generator_problem(Generator(faker="__init__")) or "")
    assert generator_problem(Generator(faker="iban")) is None
    stepped = Generator.model_validate({"int": [1, 999], "step": 1000})
    assert "no multiple of step 1000" in (generator_problem(stepped) or "")
