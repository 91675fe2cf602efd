"""Lookups over a pack the engine needs again and again, built once per pack, and world-rendered operands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cyberdrill.engine.state import State
from cyberdrill.pack.model import Consequence, Inject, Matcher, Pack, Party, PartyRule, Step
from cyberdrill.pack.text import TemplateProblem, render_value


@dataclass(frozen=True)
class PackIndex:
    pack: Pack
    steps: dict[str, Step]
    step_order: dict[str, int]
    team_steps: dict[str, list[Step]]
    injects: dict[str, Inject]
    inject_order: dict[str, int]
    consequences: dict[str, Consequence]
    parties: dict[str, Party]
    channels: dict[str, Any]
    rules: dict[tuple[str, str], list[PartyRule]]  # (party, action type) -> rules in pack order
    teams: dict[str, Any]

    def initial_fact(self, name: str) -> Any:
        return self.pack.facts.get(name)


_INDEXES: dict[int, PackIndex] = {}


def index_of(pack: Pack) -> PackIndex:
    """The index of `pack` (cached while the pack object lives; packs are immutable)."""
    found = _INDEXES.get(id(pack))
    if found is not None and found.pack is pack:
        return found
    rules: dict[tuple[str, str], list[PartyRule]] = {}
    for rule in pack.rules:
        rules.setdefault((rule.party, rule.on), []).append(rule)
    team_steps: dict[str, list[Step]] = {}
    for step in pack.steps:
        team_steps.setdefault(step.team, []).append(step)
    built = PackIndex(
        pack=pack,
        steps={s.id: s for s in pack.steps},
        step_order={s.id: n for n, s in enumerate(pack.steps)},
        team_steps=team_steps,
        injects={i.id: i for i in pack.injects},
        inject_order={i.id: n for n, i in enumerate(pack.injects)},
        consequences={c.id: c for c in pack.consequences},
        parties={p.id: p for p in pack.parties},
        channels={c.id: c for c in pack.channels},
        rules=rules,
        teams={t.id: t for t in pack.teams},
    )
    if len(_INDEXES) > 32:  # a long-lived process that reloads packs: keep the cache small
        _INDEXES.clear()
    _INDEXES[id(pack)] = built
    return built


def facts_of(idx: PackIndex, state: State) -> dict[str, Any]:
    """Every fact's current value: the pack's initial values updated by the log."""
    merged = dict(idx.pack.facts)
    merged.update(state.facts)
    return merged


def operand(state: State, key: tuple[Any, ...], matcher: Matcher) -> Any:
    """The matcher's operand rendered over the run's world (cached: the world never changes).

    `key` names the matcher in the pack, e.g. ("match", step id, field). A template that does not
    render (validate reports it) leaves the operand as written, so the check fails visibly.
    """
    found = state.cache.get(key, _MISSING)
    if found is not _MISSING:
        return found
    raw = matcher.operand
    try:
        value = render_value(raw, {"world": state.world, "attachments": state.attachments})
    except TemplateProblem:
        value = raw
    state.cache[key] = value
    return value


_MISSING = object()
