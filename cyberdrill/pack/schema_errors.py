"""Pydantic validation errors -> human diagnostics at the exact YAML position.

A pydantic error says where it is with a `loc`: keys and indices, plus the tags of union members
(`('steps', 0, 'applies', 'fact', 'equals', 'bool')`). `locate` follows that loc through the data
actually read, skipping the tags, to the value path the YAML reader recorded a position for. Messages are
rewritten for pack authors: an unknown key suggests the closest allowed one, a missing key is named, a
value YAML read as a number or boolean is explained.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterable
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from cyberdrill.pack.loaded import Diagnostic, clipped, quoted
from cyberdrill.pack.model import ID_PATTERN
from cyberdrill.pack.yamlnodes import Document, Pos, ValuePath

# Tags pydantic puts in a loc for union members. Some are also keys (a condition `{fact: F}` is tagged
# 'fact'), so `locate` tries both readings.
_SCALAR_TAGS = frozenset({"bool", "int", "float", "str"})
_UNION_TAGS = frozenset({"fact", "step", "fired", "all", "any", "not", "record", "generator"}) | _SCALAR_TAGS

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "datetime_type": "a date and time with a UTC offset, e.g. 2026-11-23T09:00:00+07:00",
    "datetime_parsing": "a date and time with a UTC offset, e.g. 2026-11-23T09:00:00+07:00",
    "datetime_from_date_parsing": "a date and time with a UTC offset, e.g. 2026-11-23T09:00:00+07:00",
}
_PATTERNS = {
    ID_PATTERN: "an id uses letters, digits, '.', '_' and '-', and starts with a letter or digit",
    r"^[A-Z]{2}$": "a country is a two-letter ISO 3166-1 code in capitals, e.g. TH",
    r"^([01]\d|2[0-3]):[0-5]\d$": "a time of day is written HH:MM, e.g. 09:00",
    r"^([01]\d|2[0-4]):[0-5]\d$": "a time of day is written HH:MM, e.g. 18:00",
}


def locate(loc: Iterable[Any], data: Any) -> ValuePath:
    """The longest path through `data` that `loc` describes, union tags skipped."""
    return tuple(_walk(data, tuple(loc)))


def _walk(value: Any, loc: tuple[Any, ...]) -> list[Any]:
    if not loc:
        return []
    head, rest = loc[0], loc[1:]
    descended: list[Any] | None = None
    if (isinstance(value, dict) and head in value) or (
        isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value)
    ):
        descended = [head, *_walk(value[head], rest)]
    elif isinstance(value, dict) and head not in _UNION_TAGS and isinstance(head, str) and head != "[key]":
        descended = [head]  # an unknown or missing key: the path names it, positions fall back to the parent
    if descended is not None and head not in _UNION_TAGS:
        return descended
    skipped = _walk(value, rest) if isinstance(head, str) else []
    if descended is None or len(skipped) > len(descended):
        return skipped
    return descended


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _pick_member(tp: Any, value: Any) -> Any:
    """The union member a value most likely meant: the model whose keys cover the value's keys."""
    members = [_unwrap(m) for m in get_args(tp) if m is not type(None)]
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    if isinstance(value, dict) and models:
        keys = set(value)
        return max(models, key=lambda m: len(keys & set(aliases(m))))
    return members[0] if len(members) == 1 else tp


def aliases(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts, as a pack file writes them (`from`, not `from_`)."""
    return [f.alias or name for name, f in model.model_fields.items()]


def type_at(root: Any, path: ValuePath, data: Any) -> Any:
    """The declared type of the value at `path`, following `data` to choose among union members."""
    tp, value = root, data
    for element in path:
        tp = _unwrap(tp)
        if get_origin(tp) in (Union, types.UnionType):
            tp = _unwrap(_pick_member(tp, value))
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {f.alias or name: f.annotation for name, f in tp.model_fields.items()}
            if element not in fields:
                return None
            tp = fields[element]
        elif origin is list:
            tp = get_args(tp)[0]
        elif origin is dict:
            tp = get_args(tp)[1]
        else:
            return None
        value = value[element] if isinstance(value, (dict, list)) and _has(value, element) else None
    tp = _unwrap(tp)
    if get_origin(tp) in (Union, types.UnionType):
        tp = _unwrap(_pick_member(tp, value))
    return tp


def _has(container: dict[Any, Any] | list[Any], element: Any) -> bool:
    if isinstance(container, dict):
        return element in container
    return isinstance(element, int) and 0 <= element < len(container)


def _label(path: ValuePath, data: Any = None) -> str:
    """'requires[1]' for ('steps', 3, 'requires', 1): the last key and the indices after it; an item of a
    section named by its id ("step 'th.freeze'" for ('steps', 3), not "steps[3]")."""
    if len(path) >= 2 and isinstance(path[-1], int) and isinstance(path[-2], str):
        item = _value_at(data, path)
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            word = path[-2][:-1] if path[-2].endswith("s") else path[-2]
            return f"{word} {item['id']!r}"
    out = ""
    for element in reversed(path):
        if isinstance(element, int):
            out = f"[{element}]" + out
        else:
            return f"{element}{out}"
    return out


def _value_at(data: Any, path: ValuePath) -> Any:
    for element in path:
        if isinstance(data, (dict, list)) and _has(data, element):
            data = data[element]
        else:
            return None
    return data


def _read_as(raw: str, value: Any) -> str:
    if isinstance(value, bool):
        return f"YAML read {raw} as {'true' if value else 'false'}"
    if value is None:
        return f"YAML read {raw or 'an empty value'} as null"
    if isinstance(value, (int, float)):
        return f"YAML read {raw} as a number"
    return f"YAML read {raw} as a date"


def message_for(error: dict[str, Any], path: ValuePath, doc: Document, root: Any, data: Any) -> str:
    """A pack author's message for one pydantic error whose value sits at `path`."""
    kind = error["type"]
    if kind == "extra_forbidden":
        key = path[-1] if path else error["loc"][-1]
        model = type_at(root, path[:-1], data)
        hint = ""
        if isinstance(model, type) and issubclass(model, BaseModel):
            close = difflib.get_close_matches(str(key), aliases(model), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (expected one of: {', '.join(aliases(model))})"
        return f"unknown key {quoted(key)}{hint}"
    if kind == "missing":
        return f"missing required key {error['loc'][-1]!r}"
    label = _label(path, data)
    prefix = f"{label}: " if label else ""
    value = error.get("input")
    if kind in _TYPE_WORDS:
        expected = _TYPE_WORDS[kind]
        raw = doc.raw.get(path)
        if raw is not None and kind == "string_type":
            return f"{prefix}expected text, but {_read_as(raw, value)}; put it in quotes"
        if isinstance(value, dict):
            return f"{prefix}expected {expected}, not a mapping"
        if isinstance(value, list):
            return f"{prefix}expected {expected}, not a list"
        return f"{prefix}expected {expected}, not {clipped(raw) if raw is not None else quoted(value)}"
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        return f"{prefix}{quoted(value)} does not fit: " + _PATTERNS.get(pattern, f"it must match {pattern}")
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{prefix}{quoted(value)} is not allowed; expected {expected}"
    message = str(error["msg"])
    if isinstance(value, str) and len(repr(value)) > len(quoted(value)):
        message = message.replace(repr(value), quoted(value))  # validators quote the value whole
    for noise in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(noise)
    message = message.replace("Input should be", "must be").replace("List should have", "needs")
    return prefix + message[:1].lower() + message[1:]


def schema_diagnostics(exc: ValidationError, data: Any, doc: Document, root: Any) -> list[Diagnostic]:
    """Every error of `exc` (raised validating `data` as `root`) as a diagnostic at its YAML position."""
    found: dict[tuple[Any, ...], Diagnostic] = {}
    for error in exc.errors():
        loc = tuple(error["loc"])
        path = locate(loc, data)
        if any(path[:end] in doc.refused for end in range(len(path) + 1)):
            continue  # the YAML reader already said what is wrong with this value
        if loc and loc[-1] in _SCALAR_TAGS and error["type"] in _TYPE_WORDS:
            # Scalar = bool | int | float | str reports one error per member: say it once.
            label = _label(path, data)
            message = f"{label + ': ' if label else ''}expected true/false, a number or text"
            message += ", not a list" if isinstance(error.get("input"), list) else ", not a mapping"
        else:
            message = message_for(dict(error), path, doc, root, data)
        if error["type"] == "extra_forbidden" or (loc and loc[-1] == "[key]"):
            pos = doc.key_at(path)
            if _after_flow_comma(doc, pos):
                message = message.split(" (")[0] + " (a comma inside {...} ends the value before it: put text " \
                    "holding commas in quotes)"
        elif error["type"] == "missing":
            pos = doc.at(path[:-1] if path and path[-1] == loc[-1] else path)
        else:
            pos = doc.at(path)
        diagnostic = Diagnostic(pos.file, pos.line, pos.col, message)
        found.setdefault((pos, message), diagnostic)
    return list(found.values())


def _after_flow_comma(doc: Document, pos: Pos) -> bool:
    """Whether a key follows a comma inside a flow mapping: `{label: Custodian (hoster, system)}` makes
    `system)` a key, and the author needs to hear about the comma, not about valid keys."""
    lines = doc.sources.get(pos.file, [])
    before = lines[pos.line - 1][: pos.col - 1] if 0 < pos.line <= len(lines) else ""
    return before.rstrip().endswith(",") and "{" in before
