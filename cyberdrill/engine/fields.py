"""The field kinds of an action form: one registry, used by the engine's checks and by the consoles' forms.

For each kind: how a value is normalised (and refused, with words for the team), an example the form may
show, a line of help, its default maximum length, and for the kinds chosen from a list the options a form
offers (a `party` field offers the pack's parties and the other teams). The consoles hold no rule of their
own: a live hint calls `hint_problem`, options come from `field_options`, help from `field_help`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from cyberdrill.engine.marks import N_
from cyberdrill.pack.model import ActionField, Pack
from cyberdrill.pack.vocab import RSIT_VALUES, TLP_LABELS, tlp_hint
from cyberdrill.textsafe import strip_controls


class FieldProblem(ValueError):
    """One field's problem, in words for the team."""


# Longest text a field takes when the pack sets no `max_length`: free text, lists (all items together), the rest.
LONGTEXT_MAX = 20_000
TEXT_MAX = 2_000
_UNBOUNDED = 1 << 62

_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


@lru_cache(maxsize=256)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def clean_text(value: Any, limit: int = TEXT_MAX) -> str:
    """A text value at the engine's boundary: trimmed, control characters stripped (tab and newline kept),
    NUL and over-long text refused."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FieldProblem(N_("must be text"))
    text = str(value)
    if "\x00" in text:
        raise FieldProblem(N_("must not contain a NUL character"))
    text = strip_controls(text).strip()
    if len(text) > limit:
        raise FieldProblem(N_("is too long ({count} characters; at most {limit})").format(
            count=f"{len(text):,}", limit=f"{limit:,}"))
    return text


def _number(value: Any, kind: str) -> int | float:
    if isinstance(value, bool):
        raise FieldProblem(N_("must be {kind}").format(kind=kind))
    if isinstance(value, (int, float)):
        number: int | float = value
    elif isinstance(value, str):
        text = clean_text(value).replace(",", "").replace(" ", "")
        try:
            number = int(text) if kind == "a whole number" else float(text)
        except ValueError:
            raise FieldProblem(N_("must be {kind}, not {value}").format(kind=kind, value=repr(value.strip()))) from None
    else:
        raise FieldProblem(N_("must be {kind}").format(kind=kind))
    if kind == "a whole number" and isinstance(number, float):
        if not number.is_integer():
            raise FieldProblem(N_("must be a whole number"))
        number = int(number)
    return number


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise FieldProblem(N_("must be yes or no"))


def _amount(value: Any) -> int | float:
    number = _number(value, N_("an amount"))
    if number < 0:
        raise FieldProblem(N_("must not be negative"))
    return number


def _currency(value: Any) -> str:
    text = clean_text(value).upper()
    if not _CURRENCY.match(text):
        raise FieldProblem(N_("{value} is not an ISO 4217 currency code such as THB or RUB").format(value=repr(text)))
    return text


def _tlp(value: Any) -> str:
    text = clean_text(value).upper()
    if text not in TLP_LABELS:
        hint = tlp_hint(text)
        if hint:
            raise FieldProblem(N_("{value} is not a TLP 2.0 label ({hint})").format(value=repr(text), hint=hint))
        raise FieldProblem(N_("{value} is not a TLP 2.0 label; use one of {labels}").format(
            value=repr(text), labels=", ".join(TLP_LABELS)))
    return text


def _rsit(value: Any) -> str:
    text = clean_text(value).lower()
    if text not in RSIT_VALUES:
        raise FieldProblem(N_("{value} is not an RSIT class/type such as fraud/phishing").format(value=repr(text)))
    return text


def _account(value: Any) -> str:
    """A domestic account number (digits, with spaces or dashes between groups) or an IBAN; kept as typed."""
    text = clean_text(value)
    compact = re.sub(r"[\s-]", "", text).upper()
    if not (5 <= len(compact) <= 34 and (compact.isdigit() or _IBAN.match(compact))):
        raise FieldProblem(N_("{value} is not an account number or IBAN "
                              "(e.g. 551-8-41621 or DE89370400440532013000)").format(value=repr(text)))
    return text


def _sha256(value: Any) -> str:
    text = clean_text(value).lower()
    if not _SHA256.match(text):
        raise FieldProblem(N_("must be a SHA-256 digest: 64 hexadecimal digits"))
    return text


def _ipv4(value: Any) -> str:
    text = clean_text(value)
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        raise FieldProblem(N_("{value} is not an IPv4 address").format(value=repr(text))) from None


def _domain(value: Any) -> str:
    """A domain name, internationalised ones (`пример.рф`) included: checked in its ASCII (IDNA) form, kept
    as typed (lower case, without a final dot)."""
    text = clean_text(value).lower().rstrip(".")
    try:
        ascii_form = text.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_form = ""
    if not _DOMAIN.match(ascii_form):
        raise FieldProblem(N_("{value} is not a domain name").format(value=repr(text)))
    return text


def _url(value: Any) -> str:
    text = clean_text(value)
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https", "ftp", "hxxp", "hxxps") or not parsed.netloc:
        raise FieldProblem(N_("{value} is not a URL (http://... or https://...)").format(value=repr(text)))
    return text


def _email(value: Any) -> str:
    text = clean_text(value)
    if not _EMAIL.match(text):
        raise FieldProblem(N_("{value} is not an e-mail address").format(value=repr(text)))
    return text


def _datetime(value: Any) -> str:
    text = clean_text(value)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise FieldProblem(N_("{value} is not a date and time (ISO 8601, e.g. 2026-11-23T14:05+07:00)").format(
            value=repr(text))) from None
    return text


def _plain(value: Any) -> str:
    return clean_text(value, _UNBOUNDED)  # its length is checked against the field's own maximum first


def _int(value: Any) -> int | float:
    return _number(value, N_("a whole number"))


@dataclass(frozen=True)
class FieldKind:
    """One field type: its normaliser (context-free kinds), an example a form may show, and help."""

    name: str
    help: str
    example: str = ""
    normalise: Callable[[Any], Any] | None = None  # None: the value is judged against the pack (options)
    max_length: int = TEXT_MAX


KINDS: dict[str, FieldKind] = {k.name: k for k in (
    FieldKind("text", "One line of text.", normalise=_plain),
    FieldKind("longtext", "Free text; ctrl+o quotes a value your team has received.", normalise=_plain,
              max_length=LONGTEXT_MAX),
    FieldKind("bool", "Tick for yes (space).", normalise=_bool),
    FieldKind("int", "A whole number.", "e.g. 12", _int),
    FieldKind("amount", "An amount of money; thousands separators are fine.", "e.g. 509,000.00", _amount),
    FieldKind("currency", "An ISO 4217 currency code.", "e.g. THB", _currency),
    FieldKind("tlp", "A FIRST TLP 2.0 label.", "TLP:AMBER", _tlp),
    FieldKind("rsit", "An ENISA RSIT class/type.", "e.g. fraud/phishing", _rsit),
    FieldKind("account", "A bank account number or an IBAN.", "e.g. 551-8-41621", _account),
    FieldKind("sha256", "A SHA-256 digest: 64 hexadecimal digits.", "64 hex digits", _sha256),
    FieldKind("ipv4", "An IPv4 address.", "e.g. 203.0.113.7", _ipv4),
    FieldKind("domain", "A domain name (internationalised names too).", "e.g. example.org", _domain),
    FieldKind("url", "A URL.", "https://…", _url),
    FieldKind("email", "An e-mail address.", "name@example.org", _email),
    FieldKind("datetime", "A date and time, ISO 8601 with UTC offset.", "2026-11-23T14:05+07:00", _datetime),
    FieldKind("list", "Several values, separated by commas or new lines.", "comma-separated",
              max_length=LONGTEXT_MAX),
    FieldKind("party", "Choose from the list (parties and the other teams)."),
    FieldKind("team", "Choose a team from the list."),
    FieldKind("channel", "Choose a channel from the list."),
    FieldKind("choice", "Choose one option."),
    FieldKind("multichoice", "Tick every option that applies (space)."),
    FieldKind("attachment", "Choose a file your team has received."),
)}

# Kinds a list's `items` may name: judged on their own, without the pack.
ITEM_KINDS = tuple(n for n, k in KINDS.items() if k.normalise is not None and n not in ("list", "bool", "longtext"))


def max_length(spec: ActionField) -> int:
    """The longest text the field takes (for a list: all items together)."""
    return spec.max_length if spec.max_length is not None else KINDS[spec.type].max_length


def field_help(spec: ActionField) -> str:
    """The help line a form shows for a field: the pack's, else its kind's."""
    return spec.help or KINDS[spec.type].help


def field_example(spec: ActionField) -> str:
    """What a form may show in an empty input: the pack's placeholder, else its kind's example."""
    if spec.placeholder:
        return spec.placeholder
    if spec.type == "list" and spec.items:
        return f"{KINDS[spec.items].example}, … (comma-separated)".removeprefix(", ")
    return KINDS[spec.type].example


def _items(value: Any, limit: int) -> list[str]:
    if isinstance(value, (list, tuple)):
        raw = [clean_text(v, limit) for v in value]
    else:
        raw = re.split(r"[,\n]", clean_text(value, limit))
    items = [item.strip() for item in raw if item.strip()]
    if sum(len(i) for i in items) > limit:
        raise FieldProblem(N_("is too long (at most {limit} characters in all)").format(limit=f"{limit:,}"))
    return items


def field_options(pack: Pack, spec: ActionField, team: str | None = None,
                  attachments: Iterable[str] = ()) -> list[tuple[str, str]] | None:
    """(label, value) pairs a form offers for a kind chosen from a list; None for typed kinds. A `party`
    field offers the pack's parties and the teams other than `team` (a message to another team)."""
    allowed = set(spec.options) if spec.options else None

    def keep(ident: str) -> bool:
        return allowed is None or ident in allowed

    teams = [(f"{t.name} ({t.country}) · team", t.id) for t in pack.teams if t.id != team and keep(t.id)]
    match spec.type:
        case "tlp":
            return [(label, label) for label in TLP_LABELS]
        case "rsit":
            return [(value, value) for value in RSIT_VALUES]
        case "channel":
            return [(c.name, c.id) for c in pack.channels if keep(c.id)]
        case "party":
            return [(f"{p.name} ({p.country})", p.id) for p in pack.parties if keep(p.id)] + teams
        case "team":
            return teams
        case "choice" | "multichoice":
            return [(o, o) for o in spec.options or []]
        case "attachment":
            return [(name, name) for name in attachments]
    return None


def _one_of(value: str, allowed: Iterable[str], what: str) -> str:
    allowed = list(allowed)
    if value not in allowed:
        shown = ", ".join(sorted(allowed)) if len(allowed) <= 12 else f"{len(allowed)} known ids"
        raise FieldProblem(N_("{value} is not a {what} ({shown})").format(value=repr(value), what=what, shown=shown))
    return value


def _judge(spec: ActionField, value: Any, options: Callable[[], list[tuple[str, str]] | None]) -> Any:
    limit = max_length(spec)
    kind = KINDS[spec.type]
    if spec.type == "list":
        out: Any = _items(value, limit)
        item_kind = KINDS[spec.items].normalise if spec.items else None
        if item_kind is not None:
            out = [item_kind(item) for item in out]
    elif spec.type == "multichoice":
        ids = [v for _, v in options() or []]
        out = [_one_of(v, ids, "choice") for v in _items(value, limit)]
    elif kind.normalise is not None:
        if isinstance(value, str):
            value = clean_text(value, limit)  # NUL, controls and length before the kind's own check
        out = kind.normalise(value)
    else:
        text = clean_text(value, limit)
        ids = [v for _, v in options() or []]
        if spec.type == "attachment" and text not in ids:
            raise FieldProblem(N_("{value} is not an attachment your team has received").format(value=repr(text)))
        out = _one_of(text, ids, "party or team" if spec.type == "party" else spec.type)
    if spec.pattern is not None:
        for item in out if isinstance(out, list) else [out]:
            if not _pattern(spec.pattern).fullmatch(str(item)):
                raise FieldProblem(N_("{value} does not have the expected form ({hint})").format(value=repr(item),
                                                                                     hint=spec.help or spec.pattern))
    return out


def normalise(pack: Pack, spec: ActionField, value: Any, received: Iterable[str] = ()) -> Any:
    """The field's value, normalised; raises FieldProblem with what is wrong. `received` are the attachments
    the team has received (for an `attachment` field)."""
    return _judge(spec, value, lambda: field_options(pack, spec, None, received))


def judged_alone(spec: ActionField) -> bool:
    """Whether the field's kind is judged without the pack (typed, not chosen from a list)."""
    return KINDS[spec.type].normalise is not None or spec.type == "list"


def hint_problem(spec: ActionField, value: str) -> str | None:
    """What is wrong with a value typed into a form (None when it looks right or is empty): the engine's own
    check, for the kinds judged without the pack. The engine's verdict on sending is the one that counts."""
    if not value.strip() or not judged_alone(spec):
        return None
    try:
        _judge(spec, value, lambda: None)
    except FieldProblem as problem:
        return str(problem)
    return None
