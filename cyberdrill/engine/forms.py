"""Form checks of a team's action: is it well formed? (Whether it is *right* is for the score.)

Each field's problem is reported on its own, so the form can show them inline; values are normalised by
their kind (engine/fields.py: trimmed text without control characters, lists from comma/newline-separated
text, amounts as numbers), and every text has a maximum length.
"""

from __future__ import annotations

from typing import Any

from cyberdrill.engine.commands import CommandRefused
from cyberdrill.engine.fields import FieldProblem, normalise
from cyberdrill.engine.index import PackIndex
from cyberdrill.engine.marks import N_
from cyberdrill.engine.state import State
from cyberdrill.engine.team_messages import envelope_problems
from cyberdrill.pack.model import ActionField


def normalise_field(idx: PackIndex, state: State, team: str, spec: ActionField, value: Any) -> Any:
    """The field's value, normalised by its kind (engine/fields.py); raises FieldProblem."""
    return normalise(idx.pack, spec, value, state.received.get(team, set()))


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
            problems[name] = N_("unknown field (this action has {fields})").format(fields=", ".join(kind.fields))
    for name, spec in kind.fields.items():
        value = fields.get(name)
        if _empty(value):
            if spec.required:
                problems[name] = N_("{label} is required").format(label=spec.label)
            continue
        try:
            out[name] = normalise_field(idx, state, team, spec, value)
        except FieldProblem as exc:
            problems[name] = str(exc)
            continue
        if spec.required and _empty(out[name]):
            problems[name] = N_("{label} is required").format(label=spec.label)
    for name, text in envelope_problems(idx, kind, team, out).items():
        problems.setdefault(name, text)
    if reply_to is not None and reply_to not in state.inbox.get(team, []):
        problems["reply_to"] = N_("{value} is not a message your team has received").format(value=repr(reply_to))
    if problems:
        lines = "; ".join(f"{name}: {text}" for name, text in problems.items())
        raise CommandRefused(f"{kind.title}: {lines}", problems)
    return out
