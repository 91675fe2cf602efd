"""Answering a message: what a reply pre-fills, which action types come first, and what a counterpart said
was missing from a request it returned. Read-only queries for the consoles; pure.

- The reference of a message: "our ref. RU-247-26/6469" in its subject, else the first reference-like token
  of its subject, else of its body. A reply fills it into the action's `request_ref` field (docs/pack-format.md).
- The action types offered first: the type of the team's own request the message answers (a confirmation
  or a return: resend or follow up), then, for a message that answers nothing of the team's, the types that
  answer a request (those with a `request_ref` field), then the types the sender's rules take, in pack order.
- A returned request: a message of cause `rejection` answers one of the team's actions; the rejection's
  `missing` lines (as the party rule wrote them, "custodian: must be given") name the fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cyberdrill.engine import events as ev
from cyberdrill.pack.model import Pack

REFERENCE_FIELD = "request_ref"
_NAMED = re.compile(r"\b(?:our\s+ref(?:erence)?\.?|ref(?:erence)?\.?|reference)\s*:?\s*([A-Za-z0-9][\w/.-]*[\w/])",
                    re.IGNORECASE)
# A token with letters and digits joined by - or / (THC-2026-7949, OAG-IA-2569/640), not a TLP label.
_TOKEN = re.compile(r"(?<![\w/-])(?=[\w/-]*\d)(?=[\w/-]*[A-Za-z])[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)+(?![\w/-])")


def message_reference(message: ev.InjectDelivered) -> str | None:
    """The reference a reply to `message` quotes, or None."""
    for text in (message.subject, message.body):
        named = _NAMED.search(text)
        if named:
            return named.group(1).rstrip(".")
    for text in (message.subject, message.body):
        token = _TOKEN.search(text)
        if token:
            return token.group(0)
    return None


def _sends_message(pack: Pack, action: str) -> bool:
    to = pack.actions[action].fields.get("to")
    return to is not None and to.type in ("party", "team")


def reply_kinds(pack: Pack, message: ev.InjectDelivered, answered: ev.ActionTaken | None) -> list[str]:
    """The action types a reply to `message` offers, those that answer that kind of message first.
    `answered` is the team's own action the message answers (its `in_reply_to`), if any."""
    kinds = [name for name in pack.actions if _sends_message(pack, name)]
    first: list[str] = []
    if answered is not None and answered.action in kinds:
        first.append(answered.action)
    else:
        first += [k for k in kinds if REFERENCE_FIELD in pack.actions[k].fields]
    first += [r.on for r in pack.rules if r.party == message.sender and r.on in kinds]
    ordered = list(dict.fromkeys([*first, *kinds]))
    return ordered


def reply_values(pack: Pack, action: str, message: ev.InjectDelivered, team: str | None = None) -> dict[str, Any]:
    """What a reply of type `action` to `message` pre-fills: the sender as recipient (when the `to` field
    allows it), the message's channel (when the `channel` field allows it) and its reference."""
    fields = pack.actions[action].fields
    values: dict[str, Any] = {}
    to = fields.get("to")
    if to is not None and (not to.options or message.sender in to.options) and message.sender != team:
        values["to"] = message.sender
    channel = fields.get("channel")
    if channel is not None and message.channel and (not channel.options or message.channel in channel.options):
        values["channel"] = message.channel
    reference = message_reference(message)
    if REFERENCE_FIELD in fields and reference:
        values[REFERENCE_FIELD] = reference
    return values


@dataclass(frozen=True)
class Returned:
    """A request a counterpart returned as incomplete: what was sent, and what it said was missing (by field;
    lines that name no field of the action under "")."""

    action: ev.ActionTaken
    missing: dict[str, str] = field(default_factory=dict)


def returned_request(pack: Pack, message: ev.InjectDelivered, actions: Iterable[ev.ActionTaken],
                     scheduled: Iterable[ev.InjectScheduled]) -> Returned | None:
    """The request `message` returns as incomplete, or None when it is no rejection. `actions` and
    `scheduled` are the session's (the rejection's `missing` lines travel in its scheduling event)."""
    if message.cause != "rejection" or message.in_reply_to is None:
        return None
    action = next((a for a in actions if a.action_id == message.in_reply_to), None)
    if action is None:
        return None
    lines: list[str] = []
    for s in scheduled:
        if s.in_reply_to == action.action_id and s.cause == "rejection" and s.inject == message.inject:
            lines = [str(line) for line in s.context.get("missing", [])]
    names = pack.actions[action.action].fields
    missing: dict[str, str] = {}
    for line in lines:
        name, _, rest = line.partition(":")
        key = name.strip() if rest and name.strip() in names else ""
        missing[key] = f"{missing[key]}; {line}" if key in missing else (rest.strip() if key else line)
    return Returned(action, missing)
