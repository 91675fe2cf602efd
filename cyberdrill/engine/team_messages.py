"""Messages from one team to another: an action whose `to` names a team of the pack.

When that team plays in the session, the engine delivers the action to it as a message, exactly as the
sender wrote it (its channel, TLP label, subject and fields); when it does not play, the pack's rules for
that team stand in for it (parties.py). docs/engine-semantics.md, "Team-to-team messages and stand-ins".
"""

from __future__ import annotations

from typing import Any

from cyberdrill.engine import events as ev
from cyberdrill.engine.index import PackIndex
from cyberdrill.engine.state import State
from cyberdrill.pack.model import ActionType

# Fields that make the envelope of the message rather than its body.
ENVELOPE = ("to", "channel", "tlp", "subject")
# The label of a message whose action type has no `tlp` field: the same default as an inject's.
DEFAULT_TLP = "TLP:AMBER"


def addressed_team(idx: PackIndex, fields: dict[str, Any]) -> str | None:
    """The team the action's `to` field names, or None when it names no team."""
    to = fields.get("to")
    return to if isinstance(to, str) and to in idx.teams else None


def envelope_problems(idx: PackIndex, kind: ActionType, sender: str, fields: dict[str, Any]) -> dict[str, str]:
    """Form problems of a message to a team (normalised `fields`): no message to oneself, and a message
    travels by a channel and, when the action type has a TLP field, under a TLP label."""
    to = addressed_team(idx, fields)
    if to is None:
        return {}
    if to == sender:
        return {"to": "your team cannot send a message to itself"}
    problems: dict[str, str] = {}
    if "channel" not in kind.fields:
        problems["to"] = f"{kind.title} has no channel field, so it cannot be sent to a team"
    elif "channel" not in fields:
        problems["channel"] = "a message to another team needs a channel"
    if "tlp" in kind.fields and "tlp" not in fields:
        problems["tlp"] = "a message to another team needs a TLP label"
    return problems


def _value(value: Any, field_type: str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field_type == "amount" and isinstance(value, (int, float)):
        return f"{value:,.2f}"
    return str(value)


def message_body(kind: ActionType, fields: dict[str, Any]) -> str:
    """The action's fields as readable Markdown, each under its label, in the order of the action type
    (the envelope fields `to`, `channel`, `tlp`, `subject` are left out: the message carries them)."""
    blocks: list[str] = []
    for name, spec in kind.fields.items():
        if name in ENVELOPE or name not in fields:
            continue
        value = fields[name]
        if isinstance(value, list):
            blocks.append(f"**{spec.label}:**\n" + "\n".join(f"- {_value(item, spec.type)}" for item in value))
        elif spec.type == "longtext":
            blocks.append(f"**{spec.label}:**\n\n{_value(value, spec.type)}")
        else:
            blocks.append(f"**{spec.label}:** {_value(value, spec.type)}")
    return "\n\n".join(blocks)


def team_message(idx: PackIndex, state: State, action: ev.ActionTaken, to: str) -> ev.InjectDelivered:
    """The delivery of `action` to team `to`, as the sending team wrote it."""
    kind = idx.pack.actions[action.action]
    fields = action.fields
    subject = fields.get("subject")
    attachments = tuple(
        fields[name] for name, spec in kind.fields.items() if spec.type == "attachment" and name in fields
    )
    return ev.InjectDelivered(
        t=action.t,
        message=f"M{len(state.messages) + 1}",
        inject=None,
        sender=action.team,
        to=(to,),
        channel=str(fields.get("channel", "")),
        tlp=str(fields.get("tlp", DEFAULT_TLP)),
        subject=str(subject) if subject else kind.title,
        body=message_body(kind, fields),
        attachments=attachments,
        cause="team",
        in_reply_to=action.action_id,
    )
