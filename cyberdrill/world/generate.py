"""Generating the world of a run: the pack's `world` section, seeded, as JSON-ready data.

Determinism: every item draws from its own random stream, seeded from (run seed, item name) — and, in a
record, (run seed, item name, field name) — through SHA-256, never Python's salted `hash()`. So a world
is the same for the same pack and seed in every process, and adding an item or a field to a pack
leaves the other values of that seed as they were (an author's fix does not reshuffle the scenario).
Records are generated a field at a time: raising a record's `count` keeps the records already there.

The world is recorded in the session's log when a session starts (Faker's output for a seed changes
between Faker releases), so nothing here needs to stay stable across library upgrades.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from typing import Any

from cyberdrill.pack.model import Generator, Pack, Record
from cyberdrill.pack.world_shape import generator_problem
from cyberdrill.world.fakers import DEFAULT_LOCALE, Fakers, plain

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The world is recorded in the log of every session: a pack may not make each one megabytes long.
MAX_WORLD_CHARS = 2_000_000


class WorldError(ValueError):
    """A world item could not be generated; the message names its generator (world.victims.name) and, when
    the pack was read from files, starts with the generator's place there (`world.yaml:12:7: world...`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.problem = message
        self.place: tuple[str, int, int] | None = None  # file, line, column of the generator

    def __str__(self) -> str:
        if self.place is None:
            return self.problem
        file, line, col = self.place
        return f"{file}:{line}:{col}: {self.problem}"


def _locate(error: WorldError, pack: Pack) -> WorldError:
    """Give `error` the place of the generator its message names, if the loader recorded where it is."""
    positions = getattr(pack, "_positions", None)
    where = error.problem.split(":", 1)[0].split(".")
    if positions is None or where[0] != "world" or len(where) < 2:
        return error
    path: tuple[str, ...] = ("world", where[1], "fields", where[2]) if len(where) > 2 else ("world", where[1])
    pos = positions.at(path)
    error.place = (pos.file, pos.line, pos.col)
    return error


def derive_seed(seed: int, *names: str) -> int:
    """A 64-bit seed for the stream named `names` within run `seed`, the same in every process."""
    key = "\x1f".join([str(seed), *names]).encode("utf-8")
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


def generate_world(pack: Pack, seed: int) -> dict[str, Any]:
    """The world of a run of `pack` with `seed`: item name -> value, in declaration order.

    A record without `count` gives a dict of its fields, with `count` a list of such dicts; a lone
    generator gives its value. Templates see the items declared before them as `world`.
    Raises WorldError naming the item and field on a generator that cannot be used.
    """
    try:
        return _generate_world(pack, seed)
    except WorldError as exc:
        raise _locate(exc, pack) from exc.__cause__


def _generate_world(pack: Pack, seed: int) -> dict[str, Any]:
    fakers = Fakers(pack.start)
    world: dict[str, Any] = {}
    for name, item in pack.world.items():
        if isinstance(item, Record):
            world[name] = _record(name, item, seed, fakers, world)
        else:
            world[name] = _generate(item, f"world.{name}", derive_seed(seed, name), DEFAULT_LOCALE, fakers, world)
        size = len(json.dumps(world[name], ensure_ascii=False))
        if size > MAX_WORLD_CHARS:
            raise WorldError(f"world.{name}: generates {size:,} characters; a whole world may hold at most "
                             f"{MAX_WORLD_CHARS:,} (it is recorded in every session's log)")
    total = len(json.dumps(world, ensure_ascii=False))
    if total > MAX_WORLD_CHARS:
        raise WorldError(f"world: generates {total:,} characters; at most {MAX_WORLD_CHARS:,} (it is recorded in "
                         "every session's log)")
    return world


def _record(name: str, record: Record, seed: int, fakers: Fakers, world: dict[str, Any]) -> Any:
    rows = record.count if record.count is not None else 1
    locale = record.locale or DEFAULT_LOCALE
    columns: dict[str, list[Any]] = {}
    for field, gen in record.fields.items():
        stream = derive_seed(seed, name, field)
        columns[field] = _column(gen, f"world.{name}.{field}", stream, rows, locale, fakers, world)
    records = [{field: values[i] for field, values in columns.items()} for i in range(rows)]
    return records if record.count is not None else records[0]


def _column(gen: Generator, where: str, stream: int, rows: int, locale: str, fakers: Fakers,
            world: dict[str, Any]) -> list[Any]:
    # One stream per field: Python's Random for our own generators, the locale's Faker seeded alike.
    problem = generator_problem(gen)
    if problem:
        raise WorldError(f"{where}: {problem}")
    rng = random.Random(stream)
    if gen.faker is not None:
        loc = gen.locale or locale
        try:
            # Seeded once per column, then successive draws: re-seeding per value would repeat it.
            fakers.seed(loc, stream)
            return [fakers.call(loc, gen.faker, gen.args) for _ in range(rows)]
        except ValueError as exc:
            raise WorldError(f"{where}: {exc}") from None
    return [_value(gen, where, rng, world) for _ in range(rows)]


def _generate(gen: Generator, where: str, stream: int, locale: str, fakers: Fakers, world: dict[str, Any]) -> Any:
    return _column(gen, where, stream, 1, locale, fakers, world)[0]


def _value(gen: Generator, where: str, rng: random.Random, world: dict[str, Any]) -> Any:
    try:
        if gen.choice is not None:
            return plain(rng.choice(gen.choice))
        if gen.sample is not None:
            return plain(rng.sample(gen.sample, gen.k or 1))
        if gen.int_ is not None:
            low, high = gen.int_
            return gen.step * rng.randint(math.ceil(low / gen.step), math.floor(high / gen.step))
        if gen.number is not None:
            lo, hi = gen.number
            number = min(max(round(rng.uniform(lo, hi), gen.digits), lo), hi)
            return int(number) if gen.digits == 0 else float(number)
        if gen.pattern is not None:
            return "".join(
                str(rng.randrange(10)) if c == "#" else rng.choice(_LETTERS) if c == "?" else c for c in gen.pattern
            )
        if gen.template is not None:
            from cyberdrill.pack.text import TemplateProblem, render

            try:
                return render(gen.template, {"world": world})
            except TemplateProblem as exc:
                raise WorldError(f"{where}: template {exc}") from None
        return plain(gen.value)
    except WorldError:
        raise
    except ValueError as exc:
        raise WorldError(f"{where}: {exc}") from None
