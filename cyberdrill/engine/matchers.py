"""Matchers: one check of an action's field, for step selection, scoring, penalties and party rules.

Comparisons of text ignore case and surrounding space; numbers compare as numbers. Operands are
rendered from the run's world before they get here (see `index.operand`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cyberdrill.pack.model import Matcher
from cyberdrill.pack.vocab import TLP_RANK

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


def _contains(value: Any, item: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return _norm(item) in {_norm(v) for v in value}
    return str(item).strip().casefold() in _text(value).casefold()


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def passes(matcher: Matcher, operand: Any, value: Any) -> bool:
    """Whether `value` (None: the field was not given) passes `matcher` with its rendered `operand`."""
    op = matcher.operator
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
        return all(_contains(value, item) for item in _flat(operand))
    if op == "contains_any":
        return any(_contains(value, item) for item in _flat(operand))
    if op == "not_contains":
        return not any(_contains(value, item) for item in _flat(operand))
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
    }
    what = texts[op]()
    return f"{name}: {what}"
