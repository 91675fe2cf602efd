"""The parties the engine plays: which rule answers a request, whether the request is accepted, and when
the answer comes (working hours, 24/7 channels). A request to a team goes to that team when it plays;
when it does not, the rules naming the team as `party` stand in for it (a team answers around the clock)."""

from __future__ import annotations

from cyberdrill.engine import events as ev
from cyberdrill.engine.clock import next_open
from cyberdrill.engine.index import operand
from cyberdrill.engine.judge import Judge
from cyberdrill.engine.matchers import explain, passes
from cyberdrill.engine.team_messages import addressed_team, team_message
from cyberdrill.pack.model import PartyRule


def fits(judge: Judge, rule: PartyRule, action: ev.ActionTaken) -> bool:
    """Whether `rule` is the one for `action`: its `when` holds, the request comes from one of its `sender`
    teams and its fields pass the rule's `request` matchers."""
    if rule.sender is not None and action.team not in rule.sender:
        return False
    if rule.when is not None and not judge.holds(rule.when):
        return False
    return all(
        passes(m, operand(judge.state, ("request", rule.id, name), m), action.fields.get(name),
               judge.context(action.action, name))
        for name, m in rule.request.items()
    )


def rule_for(judge: Judge, party: str, action: ev.ActionTaken) -> PartyRule | None:
    """The first rule (in pack order) for this party and the action's type that fits it."""
    for rule in judge.idx.rules.get((party, action.action), []):
        if fits(judge, rule, action):
            return rule
    return None


def what_is_missing(judge: Judge, rule: PartyRule, action: ev.ActionTaken, *, forwarded: bool = False) -> list[str]:
    """One line per problem with the request: the channel (not for a forwarded request: the forwarder chose
    it), then each failed `accept_if` matcher."""
    channel = action.fields.get("channel")
    if not forwarded and rule.channels is not None and channel not in rule.channels:
        names = ", ".join(judge.idx.channels[c].name if c in judge.idx.channels else c for c in rule.channels)
        given = judge.idx.channels[channel].name if channel in judge.idx.channels else (channel or "no channel")
        return [f"channel: {given} is not how this request is received; send it by {names}"]
    missing = []
    for name, m in rule.accept_if.items():
        rendered = operand(judge.state, ("accept", rule.id, name), m)
        ctx = judge.context(action.action, name)
        if not passes(m, rendered, action.fields.get(name), ctx):
            missing.append(explain(name, m, rendered, action.fields.get(name), ctx))
    return missing


def reply_base(judge: Judge, party_id: str, channel: str | None, t: int) -> int:
    """When the party starts working on a request made at `t`: at once, or when it next opens, unless
    the request came by an always-on (24/7) channel. A team's stand-in has no hours: at once."""
    party = judge.idx.parties.get(party_id)
    chan = judge.idx.channels.get(channel) if channel else None
    if party is None or party.hours is None or (chan is not None and chan.always_on):
        return t
    return next_open(judge.idx.pack, party.timezone, party.hours, t)


def answer(judge: Judge, action: ev.ActionTaken) -> list[ev.InjectDelivered | ev.InjectScheduled]:
    """What `action` causes at its addressee: the message itself when it names a playing team; else the
    scheduled reply or rejection of the party, or of the stand-in of a team not playing (nothing when no
    rule answers)."""
    team = addressed_team(judge.idx, action.fields)
    if team is not None and team in judge.state.teams:
        return [team_message(judge.idx, judge.state, action, team)]
    party_id = action.fields.get("to")
    party = judge.idx.parties.get(party_id) if isinstance(party_id, str) else None
    if team is None and (party is None or party.played_by != "engine"):
        return []
    answering = team if team is not None else party_id
    assert isinstance(answering, str)
    rule = rule_for(judge, answering, action)
    if rule is None:
        return []
    base = reply_base(judge, answering, action.fields.get("channel"), action.t)
    return _answers(judge, rule, answering, action, base)


def _answers(judge: Judge, rule: PartyRule, party: str, action: ev.ActionTaken, base: int, *,
             forwarded: bool = False, hops: int = 0) -> list[ev.InjectDelivered | ev.InjectScheduled]:
    """The reply or rejection of `rule` to `action`, the party starting on it at `base`; an accepted request
    a rule forwards is answered by the next party too, `forward.after` later (at most 4 hops)."""
    missing = what_is_missing(judge, rule, action, forwarded=forwarded)
    reply = rule.otherwise if missing else rule.reply
    out: list[ev.InjectDelivered | ev.InjectScheduled] = []
    if reply is not None:
        out.append(ev.InjectScheduled(
            t=action.t,
            inject=reply.inject,
            due=base + reply.after,
            cause="rejection" if missing else "reply",
            in_reply_to=action.action_id,
            rule=rule.id,
            context={"action": dict(action.fields), "missing": missing},
        ))
    if not missing and rule.forward is not None and hops < 4:
        onward = rule_for(judge, rule.forward.to, action)
        if onward is not None:
            start = reply_base(judge, rule.forward.to, None, base + rule.forward.after)
            out += _answers(judge, onward, rule.forward.to, action, start, forwarded=True, hops=hops + 1)
    return out
