"""Warnings about parts of a pack that a run can never use: injects nothing can fire, steps opened by
such an inject, parties nobody hears from or talks to, attachments no inject carries.

They are warnings, not errors: an instructor can still send any inject by hand. A `when` trigger counts as
able to fire (whether its condition can ever hold is beyond a static check).
"""

from __future__ import annotations

from cyberdrill.pack.checks import PackCheck
from cyberdrill.pack.model import Consequence, Inject, Party, PartyRule, Step, Trigger, split_ref


def check_reach(check: PackCheck) -> None:
    """Add the warnings of this module."""
    injects = {x.id: x for _, x in check.items("injects", Inject)}
    consequences = {c.id: c for _, c in check.items("consequences", Consequence)}
    rules = [r for _, r in check.items("rules", PartyRule)]
    steps = {s.id for _, s in check.items("steps", Step)}

    fireable: set[str] = set()  # "inject:ID" / "consequence:ID"
    for rule in rules:
        fireable.add(f"inject:{rule.reply.inject}")
        if rule.otherwise is not None:
            fireable.add(f"inject:{rule.otherwise.inject}")

    def can_fire(trigger: Trigger | None) -> bool:
        if trigger is None:
            return False
        if trigger.after is not None:
            kind, ident = split_ref(trigger.after)
            return ident in steps if kind == "step" else trigger.after in fireable
        return trigger.missed is None or trigger.missed in steps

    changed = True
    while changed:  # a fixpoint: an inject after an inject after a consequence ...
        changed = False
        for ident, consequence in consequences.items():
            if f"consequence:{ident}" not in fireable and can_fire(consequence.trigger):
                fireable.add(f"consequence:{ident}")
                if consequence.inject is not None:
                    fireable.add(f"inject:{consequence.inject}")
                changed = True
        for ident, inject in injects.items():
            if f"inject:{ident}" not in fireable and can_fire(inject.trigger):
                fireable.add(f"inject:{ident}")
                changed = True

    for i, inject in check.items("injects", Inject):
        if f"inject:{inject.id}" in fireable:
            continue
        why = "its trigger waits for something that never happens" if inject.trigger else (
            "it has no trigger and no party rule or consequence sends it")
        check.warn(("injects", i, "id"), f"inject {inject.id!r} can never fire: {why} (only the instructor can "
                   "send it)")
    for i, step in check.items("steps", Step):
        after = step.opens.after if step.opens is not None else None
        if after is not None and not after.startswith("step:") and after not in fireable:
            kind, ident = split_ref(after)
            if ident in (injects if kind == "inject" else consequences):
                check.warn(("steps", i, "opens", "after"), f"step {step.id!r} opens after {after}, which can never "
                           "fire")

    handled = {rule.party for rule in rules}
    senders = {inject.from_ for inject in injects.values()}
    for i, party in check.items("parties", Party):
        if party.played_by == "engine" and party.id not in handled | senders:
            check.warn(("parties", i, "id"), f"party {party.id!r} has no rule to answer with and sends no inject")

    carried = {name for inject in injects.values() for name in inject.attachments}
    for name in getattr(check.pack, "attachments", None) or {}:
        if name not in carried:
            check.warn(("attachments", name), f"attachment {name!r} is carried by no inject", key=True)
