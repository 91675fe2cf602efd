"""Matchers: one check of an action's field, for step selection, scoring, penalties and party rules.

Comparisons of text ignore case and surrounding space; numbers compare as numbers. Operands are
rendered from the run's world before they get here (see `index.operand`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timezone
from functools import lru_cache
from typing import Any

from cyberdrill.engine import substance
from cyberdrill.pack.model import Matcher
from cyberdrill.pack.vocab import TLP_RANK

FREE_TEXT = ("text", "longtext")

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Context:
    """What a matcher knows about the field beyond its value: its type and label (filler and the field's
    own label carry no facts), the pack's start (exercise times, the default UTC offset of a stated period),
    the vocabulary of legal instruments, and whether only affirmed mentions count (penalties: "not the
    Budapest Convention" does not cite it)."""

    kind: str | None = None
    label: str | None = None
    start: datetime = _EPOCH
    instruments: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    affirm: bool = False


PLAIN = Context()


def given(value: Any, ctx: Context) -> Any:
    """The value as the matchers see it: free text that carries no facts is not given (None)."""
    if ctx.kind in FREE_TEXT and isinstance(value, str) and substance.is_filler(value, ctx.label):
        return None
    return value

_DECIMAL = re.compile(r"^-?\d{1,15}\.\d{0,6}$")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _norm(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "") if _DECIMAL.match(value.strip().replace(",", "")) else value.strip()
        # "412000.00" typed as text matches 412000 in the world; account numbers (no point) stay text
        return _number_text(float(text)) if _DECIMAL.match(text) else text.casefold()
    if isinstance(value, (list, tuple)):
        return tuple(_norm(v) for v in value)
    return str(value).strip().casefold()


def _flat(operand: Any) -> list[Any]:
    # A rendered lone expression may put a list inside the operand's list: ["{{ world.ips }}"]
    out: list[Any] = []
    for item in operand if isinstance(operand, (list, tuple)) else [operand]:
        if isinstance(item, (list, tuple)):
            out.extend(_flat(item))
        else:
            out.append(item)
    return out


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, dict, set)) and not value)


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value)


def _contains(value: Any, item: Any, affirm: bool = False) -> bool:
    if isinstance(value, (list, tuple)):
        return _norm(item) in {_norm(v) for v in value}
    return substance.mentions(_text(value), str(item), affirm=affirm)


def _cites(value: Any, operand: Any, ctx: Context, need: str | int | None) -> bool:
    specs = [str(s) for s in _flat(operand)]
    text = _text(value)
    hits = 0
    for spec in specs:
        name, article = substance.parse_citation(spec)
        aliases = ctx.instruments.get(name) or (name,)
        hits += substance.cites(text, aliases, article)
    return substance.enough(hits, len(specs), need)


def _covers(value: Any, operand: Any, ctx: Context) -> bool:
    bounds = [substance.as_instant(v, ctx.start) for v in _flat(operand)]
    if len(bounds) != 2 or bounds[0] is None or bounds[1] is None:
        return False
    offset = ctx.start.utcoffset()
    zone = timezone(offset) if offset is not None else UTC
    return substance.covers(_text(value), bounds[0], bounds[1], zone)


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def passes(matcher: Matcher, operand: Any, value: Any, ctx: Context = PLAIN) -> bool:
    """Whether `value` (None: the field was not given) passes `matcher` with its rendered `operand`;
    `ctx` says what kind of field it is (free text without facts counts as not given)."""
    op = matcher.operator
    value = given(value, ctx)
    if op == "present":
        return (not _empty(value)) == bool(operand)
    if _empty(value):
        # Nothing given: only the negative checks hold.
        return op in ("not_one_of", "not_contains")
    if op == "equals":
        if isinstance(value, (list, tuple)) and isinstance(operand, (list, tuple)):
            return set(_norm(value)) == set(_norm(operand))
        return bool(_norm(value) == _norm(operand))
    if op in ("one_of", "not_one_of"):
        allowed = {_norm(v) for v in _flat(operand)}
        items = value if isinstance(value, (list, tuple)) else [value]
        if op == "one_of":
            return all(_norm(v) in allowed for v in items)
        return not any(_norm(v) in allowed for v in items)
    if op == "regex":
        return _regex(str(operand)).search(_text(value)) is not None
    if op == "contains_all":
        return all(_contains(value, item, ctx.affirm) for item in _flat(operand))
    if op == "contains_any":
        return any(_contains(value, item, ctx.affirm) for item in _flat(operand))
    if op == "not_contains":
        return not any(_contains(value, item, ctx.affirm) for item in _flat(operand))
    if op == "names":
        wanted = _flat(operand)
        hits = sum(substance.names_value(_text(value), item) for item in wanted)
        return substance.enough(hits, len(wanted), matcher.need)
    if op == "covers":
        return _covers(value, operand, ctx)
    if op == "cites":
        return _cites(value, operand, ctx, matcher.need)
    rank = TLP_RANK.get(str(value).strip().upper())
    if rank is None:
        return False
    if op == "tlp_at_least":
        return rank >= TLP_RANK[operand]
    return rank <= TLP_RANK[operand]  # tlp_at_most


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _join(items: list[Any], last: str) -> str:
    shown = [_show(i) for i in items]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" {last} " + shown[-1]


def _need(need: str | int | None, total: int) -> str:
    if total <= 1 or need in (None, "all"):
        return ""
    return "one of " if need == "any" else f"{need} of "


def _citation(spec: Any) -> str:
    name, article = substance.parse_citation(str(spec))
    return f"{name} art. {article}" if article else name


def describe(name: str, matcher: Matcher, operand: Any) -> str:
    """What the field should have been, for a deduction or a rejection: its `hint`, else generated
    (e.g. "data_to_preserve: must mention 185.12.4.9")."""
    if matcher.hint:
        return matcher.hint
    op = matcher.operator
    items = _flat(operand)
    texts: dict[str, Callable[[], str]] = {
        "equals": lambda: f"must be {_join(items, 'and') if isinstance(operand, (list, tuple)) else _show(operand)}",
        "one_of": lambda: f"must be {_join(items, 'or')}",
        "not_one_of": lambda: f"must not be {_join(items, 'or')}",
        "regex": lambda: f"must match {operand}",
        "contains_all": lambda: f"must mention {_join(items, 'and')}",
        "contains_any": lambda: f"must mention {_join(items, 'or')}",
        "not_contains": lambda: f"must not mention {_join(items, 'or')}",
        "tlp_at_least": lambda: f"must be {operand} or more restrictive",
        "tlp_at_most": lambda: f"must be {operand} or less restrictive",
        "present": lambda: "must be given" if operand else "must be left empty",
        "names": lambda: f"must name {_need(matcher.need, len(items))}{_join(items, 'and')}",
        "covers": lambda: f"must state a period covering {_join(items, 'to')}",
        "cites": lambda: f"must cite {_need(matcher.need, len(items))}{_join([_citation(i) for i in items], 'and')}",
    }
    what = texts[op]()
    return f"{name}: {what}"


def explain(name: str, matcher: Matcher, operand: Any, value: Any, ctx: Context = PLAIN) -> str:
    """`describe`, saying first when the text given carries no facts ("x", "n/a", the field's label)."""
    what = describe(name, matcher, operand)
    if value is not None and not _empty(value) and given(value, ctx) is None:
        shown = str(value).strip()
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        return f"{name}: {shown!r} carries no facts; {what.removeprefix(name + ': ')}"
    return what
