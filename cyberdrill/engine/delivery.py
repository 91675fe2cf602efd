"""Delivering an inject: its text rendered from the world, its effects applied.

A message is rendered in the pack's own language and in every other language the pack translates that
inject into (pack/translations.py), all recorded in the one `inject_delivered` event: each recipient
reads the language its team reads, the instructor any of them, and a replay needs no re-rendering."""

from __future__ import annotations

from typing import Any

from cyberdrill.engine import events as ev
from cyberdrill.engine.index import PackIndex, facts_of
from cyberdrill.engine.state import State
from cyberdrill.pack.model import Effects, Inject
from cyberdrill.pack.text import TemplateProblem, render
from cyberdrill.pack.translations import languages_of, localize


def _render(source: str, context: dict[str, Any]) -> str:
    try:
        return render(source, context)
    except TemplateProblem as exc:
        # `cyberdrill validate` reports template problems before a drill; if one slips through, the
        # drill goes on and the message shows what went wrong rather than stopping every console.
        return f"[this text could not be rendered: {exc}]"


def recipients(state: State, inject: Inject) -> tuple[str, ...]:
    """The session's playing teams among the inject's `to`, in the pack's order."""
    return tuple(team for team in inject.to if team in state.teams)


def triggering_action(idx: PackIndex, state: State, inject: Inject, t: int) -> ev.ActionTaken | None:
    """The action an `after: step:ID` trigger fired on (that step's first attempt), so the inject can show it
    ("the requested side sees the actual request"); None for other triggers."""
    trigger = inject.trigger
    if trigger is None or trigger.after is None or not trigger.after.startswith("step:"):
        return None
    step = idx.steps.get(trigger.after.removeprefix("step:"))
    if step is None:
        return None
    from cyberdrill.engine.judge import Judge  # the judge imports nothing of delivery; keep the import local

    attempts = Judge(idx, state, t).attempts(step)
    return attempts[0] if attempts else None


def delivered(idx: PackIndex, state: State, inject: Inject, t: int, to: tuple[str, ...], cause: ev.DeliveryCause,
              in_reply_to: str | None = None, context: dict[str, Any] | None = None) -> ev.InjectDelivered:
    """The delivery of `inject` to `to` at `t`. The text sees world, facts, team (the first recipient),
    attachments, and for a party's answer the request's fields (`action`) and what it lacked (`missing`);
    an inject triggered by a step's attempt sees that action's fields as `action` too."""
    team = idx.teams.get(to[0]) if to else None
    values: dict[str, Any] = {
        "world": state.world,
        "facts": facts_of(idx, state),
        "team": team.model_dump(mode="json") if team is not None else {},
        "attachments": state.attachments,
        "action": {},
        "missing": [],
    }
    values.update(context or {})
    if not context or not context.get("action"):
        trigger = triggering_action(idx, state, inject, t)
        if trigger is not None:
            values["action"] = dict(trigger.fields)
    return ev.InjectDelivered(
        t=t,
        message=f"M{len(state.messages) + 1}",
        inject=inject.id,
        sender=inject.from_,
        to=to,
        channel=inject.channel,
        tlp=inject.tlp,
        subject=_render(inject.subject, values),
        body=_render(inject.body, values),
        attachments=tuple(inject.attachments),
        cause=cause,
        in_reply_to=in_reply_to,
        texts=translated(idx, state, inject, to, values),
    )


def translated(idx: PackIndex, state: State, inject: Inject, to: tuple[str, ...],
               values: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The inject's subject and body in each other language the pack translates them into, rendered with
    the same values; `team` is the (translated) recipient reading that language, else the first one."""
    out: dict[str, dict[str, str]] = {}
    for lang in languages_of(idx.pack)[1:]:
        pack = localize(idx.pack, lang)
        local = next((i for i in pack.injects if i.id == inject.id), None)
        if local is None or (local.subject == inject.subject and local.body == inject.body):
            continue
        readers = [t for t in to if state.languages.get(t) == lang] or list(to)
        team = next((m for m in pack.teams if m.id == readers[0]), None) if readers else None
        local_values = {**values, "team": team.model_dump(mode="json") if team is not None else values["team"]}
        out[lang] = {"subject": _render(local.subject, local_values), "body": _render(local.body, local_values)}
    return out


def effects_changed(effects: Effects | None, t: int, cause: str) -> ev.FactsChanged | None:
    """The facts change an `effects` block makes, or None."""
    if effects is None or not effects.set:
        return None
    return ev.FactsChanged(t=t, set=dict(effects.set), cause=cause)
