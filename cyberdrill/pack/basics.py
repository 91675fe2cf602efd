"""The building blocks of every pack model: strict models, ids, exercise times, durations, TLP labels."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from cyberdrill.pack.vocab import TLP_LABELS, TlpLabel, tlp_hint


class Strict(BaseModel):
    """Every pack model refuses unknown keys (a typo is an error, not a silent default)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Scalar = bool | int | float | str

_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")
_CLOCK = re.compile(r"^\s*T\+(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*$")


def parse_duration(value: Any) -> int:
    """'1h30m' -> 5400 seconds."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"a duration is written like '30m', '4h', '1h30m' or '2d', not {value!r}")
    m = _DURATION.match(value)
    if not m or not any(m.groups()):
        raise ValueError(f"a duration is written like '30m', '4h', '1h30m' or '2d', not {value!r}")
    d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 + s


def parse_clock(value: Any) -> int:
    """'T+01:30' -> 5400 seconds of exercise time."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"an exercise time is written 'T+HH:MM', e.g. 'T+01:30', not {value!r}")
    m = _CLOCK.match(value)
    if not m:
        raise ValueError(f"an exercise time is written 'T+HH:MM', e.g. 'T+01:30', not {value!r}")
    h, mi, s = (int(g) if g else 0 for g in m.groups())
    return (h * 60 + mi) * 60 + s


def format_clock(seconds: int) -> str:
    """5400 -> 'T+01:30' (seconds shown only when not whole minutes)."""
    sign = "-" if seconds < 0 else "+"
    seconds = abs(int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"T{sign}{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def _tlp(value: Any) -> Any:
    if isinstance(value, str) and value not in TLP_LABELS:
        hint = tlp_hint(value)
        allowed = ", ".join(TLP_LABELS)
        raise ValueError(f"{value!r} is not a TLP 2.0 label" + (f" ({hint})" if hint else f"; use one of {allowed}"))
    return value


# Written as text in a pack, held as seconds: the JSON Schema (cyberdrill/pack/json_schema.py) shows the text.
Duration = Annotated[int, BeforeValidator(parse_duration), WithJsonSchema(
    {"type": "string", "pattern": _DURATION.pattern, "description": "a duration: '30m', '4h', '1h30m', '2d'"})]
ExerciseTime = Annotated[int, BeforeValidator(parse_clock), WithJsonSchema(
    {"type": "string", "pattern": _CLOCK.pattern, "description": "an exercise time: 'T+01:30'"})]
Tlp = Annotated[TlpLabel, BeforeValidator(_tlp)]
