"""The shape of a pack's world, known without generating it, and static checks against it.

`cyberdrill validate` uses this to refuse `{{ world.victims[0].nmae }}` before anyone plays the pack, and
`cyberdrill.world` uses the same checks before it generates anything. It belongs to the pack format, not
to the world: the pack imports from `cyberdrill.world` only its leaf modules (the provider allow-list, the
locale check), which import nothing of the pack, so the two never import each other round in a circle.
Importing this module must stay cheap: no Faker, no Jinja2.

A shape is a plain dict:
    {"kind": "record", "list": False, "fields": {name: shape}}              one mapping
    {"kind": "record", "list": True, "count": N, "fields": {name: shape}}   N mappings
    {"kind": "value", "list": False, "generator": "faker"}                  one value
    {"kind": "value", "list": True, "count": N, "generator": "sample"}      N values
    {"kind": "any"}                                                          not known statically
Constants (`value`, `choice`, `sample`) get the shape of their data; items of a choice share the fields
every item has.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from cyberdrill.pack.loaded import quoted
from cyberdrill.pack.world_spec import Generator, Record
from cyberdrill.world.providers import provider_problem

if TYPE_CHECKING:
    from cyberdrill.pack.model import Pack

Shape = dict[str, Any]
ANY: Shape = {"kind": "any"}


def world_shape(pack: Pack) -> dict[str, Shape]:
    """Item name -> the shape of that item of the world, in declaration order."""
    shapes: dict[str, Shape] = {}
    for name, item in pack.world.items():
        if isinstance(item, Record):
            fields = {field: generator_shape(gen) for field, gen in item.fields.items()}
            shape: Shape = {"kind": "record", "list": item.count is not None, "fields": fields}
            if item.count is not None:
                shape["count"] = item.count
            shapes[name] = shape
        else:
            shapes[name] = generator_shape(item)
    return shapes


def generator_shape(gen: Generator) -> Shape:
    """The shape of what one generator produces."""
    if gen.value is not None:
        return _constant_shape(gen.value, "value")
    if gen.choice is not None:
        return _merge([_constant_shape(v, "choice") for v in gen.choice], "choice")
    if gen.sample is not None:
        item = _merge([_constant_shape(v, "sample") for v in gen.sample], "sample")
        return _as_list(item, gen.k, "sample")
    if gen.faker == "words":  # the one allowed provider that returns a list
        return {"kind": "value", "list": True, "generator": "faker"}
    kind = next(k for k in ("faker", "int_", "number", "pattern", "template") if getattr(gen, k) is not None)
    return {"kind": "value", "list": False, "generator": kind.rstrip("_")}


def _as_list(item: Shape, count: int | None, generator: str) -> Shape:
    if item["kind"] == "record" and not item["list"]:
        shape = {**item, "list": True}
    elif item["kind"] == "value" and not item["list"]:
        shape = {"kind": "value", "list": True, "generator": generator}
    else:
        return ANY
    if count is not None:
        shape["count"] = count
    return shape


def _constant_shape(value: Any, generator: str) -> Shape:
    if isinstance(value, dict):
        return {"kind": "record", "list": False, "fields": {str(k): _constant_shape(v, generator)
                                                            for k, v in value.items()}}
    if isinstance(value, list):
        return _as_list(_merge([_constant_shape(v, generator) for v in value], generator), len(value), generator)
    return {"kind": "value", "list": False, "generator": generator}


def _merge(shapes: list[Shape], generator: str) -> Shape:
    # What every alternative has in common: a reference must hold whichever item a seed picks.
    if not shapes:
        return ANY
    first = shapes[0]
    if any(s["kind"] != first["kind"] or s.get("list") != first.get("list") for s in shapes):
        return ANY
    if first["kind"] == "any":
        return ANY
    if first["kind"] == "value":
        return {"kind": "value", "list": first["list"], "generator": generator}
    common = [f for f in first["fields"] if all(f in s["fields"] for s in shapes)]
    fields = {f: _merge([s["fields"][f] for s in shapes], generator) for f in common}
    merged: Shape = {"kind": "record", "list": first["list"], "fields": fields}
    counts = {s.get("count") for s in shapes}
    if first["list"] and len(counts) == 1 and None not in counts:
        merged["count"] = counts.pop()
    return merged


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def check_world_path(shape: dict[str, Shape], path: tuple[str | int, ...]) -> str | None:
    """An error message if `path` (as `referenced_names` gives it, starting with "world") does not
    exist in a world of this shape; None when it does. Indexing a list with an int and stopping at a
    list (to loop over it or filter it) are allowed."""
    if not path or path[0] != "world":
        raise ValueError(f"a world reference starts with 'world', not {path!r}")
    if len(path) == 1:
        return None
    top = path[1]
    if not isinstance(top, str) or top not in shape:
        items = ", ".join(shape) or "none"
        return f"world has no item {top!r} (items: {items})"
    current = shape[top]
    for depth in range(2, len(path)):
        key, here = path[depth], _dotted(path[:depth])
        if current["kind"] == "any":
            return None
        if current["list"]:
            count = current.get("count")
            if not isinstance(key, int):
                return (f"{here} is a list, with no field {key!r} of its own; "
                        f"index it ({here}[0].{key}) or loop over it")
            if count is not None and not -count <= key < count:
                return f"{here} has {count} items; index {key} is out of range"
            current = {**current, "list": False}
            continue
        if current["kind"] == "value":
            return f"{here} is a single value ({current.get('generator', 'value')}); it has no field {key!r}"
        if isinstance(key, int):
            return f"{here} is a record, not a list; it cannot be indexed with [{key}]"
        if key not in current["fields"]:
            fields = ", ".join(current["fields"])
            return f"{here} has no field {key!r} (fields: {fields})"
        current = current["fields"][key]
    return None


def generator_problem(gen: Generator) -> str | None:
    """What is wrong with a generator that the model alone does not catch, or None."""
    if gen.faker is not None:
        return provider_problem(gen.faker)
    if gen.choice is not None and not gen.choice:
        return "choice needs at least one item"
    if gen.sample is not None and gen.k is not None and gen.k > len(gen.sample):
        return f"sample draws k={gen.k} distinct items but the list has only {len(gen.sample)}"
    if gen.int_ is not None:
        low, high = gen.int_
        if math.ceil(low / gen.step) > math.floor(high / gen.step):
            return f"int: no multiple of step {gen.step} lies in [{low}, {high}]"
    if gen.number is not None and gen.number[0] > gen.number[1]:
        return "number: [low, high] with low <= high"
    return None


# Arguments that size what a Faker provider returns, with the most a pack may ask for: `pystr(max_chars=1e9)`
# would build a gigabyte string, and the world is recorded in every session's log.
ARGUMENT_LIMITS: dict[str, int] = {
    "max_chars": 10_000, "min_chars": 10_000, "max_nb_chars": 10_000, "nb": 1_000, "nb_words": 1_000,
    "nb_sentences": 100, "nb_elements": 1_000, "length": 10_000, "left_digits": 100, "right_digits": 100,
    "digits": 100, "deep": 100,
}
MAX_ARGUMENT_ITEMS = 10_000  # characters of a string argument (a numerify pattern), items of a list one


def argument_problem(provider: str, args: dict[str, Any]) -> tuple[str, str] | None:
    """(argument, why it is refused) for the first argument of a Faker call that asks for too much."""
    for name, value in args.items():
        limit = ARGUMENT_LIMITS.get(name)
        if limit is not None and isinstance(value, (int, float)) and not isinstance(value, bool) and value > limit:
            return name, f"Faker {provider}: {name} may be at most {limit:,}, not {quoted(value)}"
        if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_ARGUMENT_ITEMS:
            what = "characters" if isinstance(value, str) else "items"
            return name, f"Faker {provider}: {name} may hold at most {MAX_ARGUMENT_ITEMS:,} {what}, not {len(value):,}"
    return None
