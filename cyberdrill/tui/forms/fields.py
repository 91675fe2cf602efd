"""One input widget per action field type, and reading a value back from it.

The checks here only colour an input while it is typed into (a hint); the engine decides whether an
action is well-formed and its `CommandRefused.fields` are what the form shows as errors.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual.validation import URL, Function, Integer, Number, Regex, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from cyberdrill.pack.model import ActionField, Pack
from cyberdrill.pack.vocab import RSIT_VALUES, TLP_LABELS


@dataclass(frozen=True)
class FieldContext:
    """What a form needs besides the field itself: the pack (parties, channels, teams) and the
    attachments the team has received."""

    pack: Pack
    attachments: tuple[str, ...] = ()


_DOMAIN = r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _is_ipv4(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value.strip())
    except ValueError:
        return False
    return True


def _is_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _validators(spec: ActionField) -> list[Validator]:
    """Hints for an Input of this field's type (an empty value is left to the engine to judge)."""
    found: list[Validator] = []
    match spec.type:
        case "sha256":
            found.append(Regex(r"^\s*[0-9A-Fa-f]{64}\s*$", failure_description="64 hex digits"))
        case "ipv4":
            found.append(Function(_is_ipv4, "an IPv4 address, e.g. 203.0.113.7"))
        case "domain":
            found.append(Regex(_DOMAIN, failure_description="a domain name, e.g. example.org"))
        case "url":
            found.append(URL())
        case "email":
            found.append(Regex(_EMAIL, failure_description="an e-mail address"))
        case "amount":
            found.append(Number(minimum=0))
        case "int":
            found.append(Integer())
        case "currency":
            found.append(Regex(r"^\s*[A-Za-z]{3}\s*$", failure_description="an ISO 4217 code, e.g. THB"))
        case "datetime":
            found.append(Function(_is_datetime, "an ISO 8601 date and time"))
    if spec.pattern:
        found.append(Regex(spec.pattern, failure_description=f"must match {spec.pattern}"))
    return found


def _options(spec: ActionField, ctx: FieldContext) -> list[tuple[str, str]] | None:
    """(label, value) pairs for the field types chosen from a list; None for the others."""
    pack = ctx.pack
    allowed = set(spec.options) if spec.options else None

    def keep(ident: str) -> bool:
        return allowed is None or ident in allowed

    match spec.type:
        case "tlp":
            return [(label, label) for label in TLP_LABELS]
        case "rsit":
            return [(value, value) for value in RSIT_VALUES]
        case "channel":
            return [(c.name, c.id) for c in pack.channels if keep(c.id)]
        case "party":
            return [(f"{p.name} ({p.country})", p.id) for p in pack.parties if keep(p.id)]
        case "team":
            return [(f"{t.name} ({t.country})", t.id) for t in pack.teams if keep(t.id)]
        case "choice":
            return [(o, o) for o in spec.options or []]
        case "attachment":
            return [(name, name) for name in ctx.attachments]
    return None


def build_field(name: str, spec: ActionField, ctx: FieldContext, value: Any = None) -> Widget:
    """The widget for one field, its id `f-<name>`, showing `value` if given."""
    wid = f"f-{name}"
    options = _options(spec, ctx)
    if options is not None:
        known = {v for _, v in options}
        start = value if value in known else Select.NULL
        return Select(options, id=wid, value=start, prompt=spec.placeholder or "choose…", compact=True)
    match spec.type:
        case "bool":
            return Checkbox(spec.label, bool(value), id=wid, compact=True)
        case "longtext":
            area = TextArea(
                str(value or ""), id=wid, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                placeholder=spec.placeholder or "",
            )
            return area
        case "multichoice":
            chosen = set(value or [])
            return SelectionList[str](*[(o, o, o in chosen) for o in spec.options or []], id=wid)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    placeholder = spec.placeholder or ("comma-separated" if spec.type == "list" else "")
    return Input(
        "" if value is None else str(value),
        id=wid,
        placeholder=placeholder,
        validators=_validators(spec),
        validate_on=["changed", "blur"],
        compact=True,
    )


def read_field(widget: Widget) -> Any:
    """The value a field widget holds, or None when it is empty (the engine then judges 'required')."""
    match widget:
        case Select():
            return None if widget.value is Select.NULL else widget.value
        case Checkbox():
            return widget.value
        case TextArea():
            return widget.text if widget.text.strip() else None
        case SelectionList():
            return list(widget.selected) or None
        case Input():
            return widget.value if widget.value.strip() else None
    raise TypeError(f"not a field widget: {widget!r}")


def field_kind_is_message(fields: dict[str, ActionField]) -> bool:
    """Whether an action type is a message to a party (has a `to` field naming a party or team)."""
    spec = fields.get("to")
    return spec is not None and spec.type in ("party", "team")


def evidence_action(pack: Pack) -> str | None:
    """The pack's evidence action type: one with a sha256 field (preferring one that also names the
    attachment); None when the pack has none."""
    candidates = [name for name, a in pack.actions.items() if any(f.type == "sha256" for f in a.fields.values())]
    candidates.sort(key=lambda n: not any(f.type == "attachment" for f in pack.actions[n].fields.values()))
    return candidates[0] if candidates else None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
