"""Form checks of a team's action: is it well formed? (Whether it is *right* is for the score.)

Each field's problem is reported on its own, so the form can show them inline; values are normalised
(trimmed text, lists from comma/newline-separated text, amounts as numbers).
"""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from cyberdrill.engine.commands import CommandRefused
from cyberdrill.engine.index import PackIndex
from cyberdrill.engine.state import State
from cyberdrill.engine.team_messages import envelope_problems
from cyberdrill.pack.model import ActionField
from cyberdrill.pack.vocab import RSIT_VALUES, TLP_LABELS, tlp_hint


class FieldProblem(ValueError):
    """One field's problem, in words for the team."""


_ACCOUNT = re.compile(r"^[A-Z0-9]{5,34}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


@lru_cache(maxsize=256)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FieldProblem("must be text")
    return str(value).strip()


def _number(value: Any, kind: str) -> int | float:
    if isinstance(value, bool):
        raise FieldProblem(f"must be {kind}")
    if isinstance(value, (int, float)):
        number: int | float = value
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "")
        try:
            number = int(text) if kind == "a whole number" else float(text)
        except ValueError:
            raise FieldProblem(f"must be {kind}, not {value.strip()!r}") from None
    else:
        raise FieldProblem(f"must be {kind}")
    if kind == "a whole number" and isinstance(number, float):
        if not number.is_integer():
            raise FieldProblem("must be a whole number")
        number = int(number)
    return number


def _items(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        raw = [_text(v) for v in value]
    else:
        raw = re.split(r"[,\n]", _text(value))
    return [item.strip() for item in raw if item.strip()]


def _one_of(value: str, allowed: list[str] | tuple[str, ...] | set[str], what: str) -> str:
    if value not in allowed:
        shown = ", ".join(sorted(allowed)) if len(allowed) <= 12 else f"{len(allowed)} known ids"
        raise FieldProblem(f"{value!r} is not a {what} ({shown})")
    return value


def normalise(idx: PackIndex, state: State, team: str, spec: ActionField, value: Any) -> Any:
    """The field's value, normalised; raises FieldProblem with what is wrong."""
    kind = spec.type
    if kind in ("text", "longtext", "account", "url", "email", "domain", "ipv4", "datetime", "sha256"):
        value = _text(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise FieldProblem("must be yes or no")
    if kind == "int":
        value = _number(value, "a whole number")
    elif kind == "amount":
        value = _number(value, "an amount")
        if value < 0:
            raise FieldProblem("must not be negative")
    elif kind == "currency":
        value = _text(value).upper()
        if not _CURRENCY.match(value):
            raise FieldProblem(f"{value!r} is not an ISO 4217 currency code such as THB or RUB")
    elif kind == "tlp":
        value = _text(value).upper()
        if value not in TLP_LABELS:
            hint = tlp_hint(value)
            advice = f" ({hint})" if hint else f"; use one of {', '.join(TLP_LABELS)}"
            raise FieldProblem(f"{value!r} is not a TLP 2.0 label{advice}")
    elif kind == "rsit":
        value = _text(value).lower()
        if value not in RSIT_VALUES:
            raise FieldProblem(f"{value!r} is not an RSIT class/type such as fraud/phishing")
    elif kind == "party":  # a party, or a team (a message to another team)
        value = _one_of(_text(value), spec.options or [*idx.parties, *idx.teams], "party or team")
        if value not in idx.parties and value not in idx.teams:
            raise FieldProblem(f"{value!r} is not a party or team of this exercise")
    elif kind == "team":
        value = _one_of(_text(value), spec.options or list(idx.teams), "team")
        if value not in idx.teams:
            raise FieldProblem(f"{value!r} is not a team of this exercise")
    elif kind == "channel":
        value = _one_of(_text(value), spec.options or list(idx.channels), "channel")
        if value not in idx.channels:
            raise FieldProblem(f"{value!r} is not a channel of this exercise")
    elif kind == "choice":
        value = _one_of(_text(value), spec.options or [], "choice")
    elif kind == "multichoice":
        value = [_one_of(v, spec.options or [], "choice") for v in _items(value)]
    elif kind == "list":
        value = _items(value)
    elif kind == "account":
        if not _ACCOUNT.match(re.sub(r"[\s-]", "", value).upper()):
            raise FieldProblem(f"{value!r} is not an account number or IBAN (5 to 34 letters and digits)")
    elif kind == "sha256":
        value = value.lower()
        if not _SHA256.match(value):
            raise FieldProblem("must be a SHA-256 digest: 64 hexadecimal digits")
    elif kind == "ipv4":
        try:
            value = str(ipaddress.IPv4Address(value))
        except ValueError:
            raise FieldProblem(f"{value!r} is not an IPv4 address") from None
    elif kind == "domain":
        value = value.lower().rstrip(".")
        if not _DOMAIN.match(value):
            raise FieldProblem(f"{value!r} is not a domain name")
    elif kind == "url":
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https", "ftp", "hxxp", "hxxps") or not parsed.netloc:
            raise FieldProblem(f"{value!r} is not a URL (http://... or https://...)")
    elif kind == "email":
        if not _EMAIL.match(value):
            raise FieldProblem(f"{value!r} is not an e-mail address")
    elif kind == "datetime":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise FieldProblem(f"{value!r} is not a date and time (ISO 8601, e.g. 2026-11-23T14:05+07:00)") from None
    elif kind == "attachment":
        value = _text(value)
        if value not in state.received.get(team, set()):
            raise FieldProblem(f"{value!r} is not an attachment your team has received")
    if spec.pattern is not None:
        for item in value if isinstance(value, list) else [value]:
            if not _pattern(spec.pattern).fullmatch(str(item)):
                raise FieldProblem(f"{item!r} does not have the expected form ({spec.help or spec.pattern})")
    return value


def _empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, (list, tuple)) and not value)
    )


def check_form(idx: PackIndex, state: State, team: str, action: str, fields: dict[str, Any],
               reply_to: str | None) -> dict[str, Any]:
    """The action's fields normalised, or CommandRefused with one problem per field."""
    kind = idx.pack.actions.get(action)
    if kind is None:
        raise CommandRefused(f"there is no action {action!r} in this exercise")
    problems: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name in fields:
        if name not in kind.fields:
            problems[name] = f"unknown field (this action has {', '.join(kind.fields)})"
    for name, spec in kind.fields.items():
        value = fields.get(name)
        if _empty(value):
            if spec.required:
                problems[name] = f"{spec.label} is required"
            continue
        try:
            out[name] = normalise(idx, state, team, spec, value)
        except FieldProblem as exc:
            problems[name] = str(exc)
            continue
        if spec.required and _empty(out[name]):
            problems[name] = f"{spec.label} is required"
    for name, text in envelope_problems(idx, kind, team, out).items():
        problems.setdefault(name, text)
    if reply_to is not None and reply_to not in state.inbox.get(team, []):
        problems["reply_to"] = f"{reply_to!r} is not a message your team has received"
    if problems:
        lines = "; ".join(f"{name}: {text}" for name, text in problems.items())
        raise CommandRefused(f"{kind.title}: {lines}", problems)
    return out
