"""The parties the engine plays: which rule answers a request, whether the request is accepted, and when
the answer comes (working hours, 24/7 channels)."""

from __future__ import annotations

from cyberdrill.engine import events as ev
from cyberdrill.engine.clock import next_open
from cyberdrill.engine.index import operand
from cyberdrill.engine.judge import Judge
from cyberdrill.engine.matchers import describe, passes
from cyberdrill.pack.model import PartyRule


def rule_for(judge: Judge, party: str, action: str) -> PartyRule | None:
    """The first rule (in pack order) for this party and action type whose `when` holds."""
    for rule in judge.idx.rules.get((party, action), []):
        if rule.when is None or judge.holds(rule.when):
            return rule
    return None


def what_is_missing(judge: Judge, rule: PartyRule, action: ev.ActionTaken) -> list[str]:
    """One line per problem with the request: the channel, then each failed `accept_if` matcher."""
    channel = action.fields.get("channel")
    if rule.channels is not None and channel not in rule.channels:
        names = ", ".join(judge.idx.channels[c].name if c in judge.idx.channels else c for c in rule.channels)
        given = judge.idx.channels[channel].name if channel in judge.idx.channels else (channel or "no channel")
        return [f"channel: {given} is not how this request is received; send it by {names}"]
    missing = []
    for name, m in rule.accept_if.items():
        rendered = operand(judge.state, ("accept", rule.id, name), m)
        if not passes(m, rendered, action.fields.get(name)):
            missing.append(describe(name, m, rendered))
    return missing


def reply_base(judge: Judge, party_id: str, channel: str | None, t: int) -> int:
    """When the party starts working on a request made at `t`: at once, or when it next opens, unless
    the request came by an always-on (24/7) channel."""
    party = judge.idx.parties[party_id]
    chan = judge.idx.channels.get(channel) if channel else None
    if party.hours is None or (chan is not None and chan.always_on):
        return t
    return next_open(judge.idx.pack, party.timezone, party.hours, t)


def answer(judge: Judge, action: ev.ActionTaken) -> list[ev.InjectScheduled]:
    """The party's scheduled reply or rejection to `action` (nothing when no rule answers)."""
    party_id = action.fields.get("to")
    party = judge.idx.parties.get(party_id) if isinstance(party_id, str) else None
    if party is None or party.played_by != "engine":
        return []
    rule = rule_for(judge, party.id, action.action)
    if rule is None:
        return []
    missing = what_is_missing(judge, rule, action)
    reply, cause = (rule.otherwise, "rejection") if missing else (rule.reply, "reply")
    if reply is None:
        return []
    base = reply_base(judge, party.id, action.fields.get("channel"), action.t)
    return [ev.InjectScheduled(
        t=action.t,
        inject=reply.inject,
        due=base + reply.after,
        cause=cause,
        in_reply_to=action.action_id,
        rule=rule.id,
        context={"action": dict(action.fields), "missing": missing},
    )]
