"""Ids are unique and every reference names something declared: teams, parties, channels, objectives,
action types and their fields, steps, injects, consequences, facts, attachments; scripts too."""

from __future__ import annotations

import difflib
from typing import Any

from cyberdrill.pack.checks import ID_SECTIONS, PARTY_OR_TEAM, PackCheck, Script
from cyberdrill.pack.model import (
    AllCondition,
    AnyCondition,
    Channel,
    Consequence,
    Effects,
    FactCondition,
    FiredCondition,
    Inject,
    Matcher,
    NotCondition,
    Objective,
    Pack,
    PartyRule,
    PenaltyCondition,
    PublishedCondition,
    Step,
    StepCondition,
    Trigger,
    split_ref,
)
from cyberdrill.pack.vocab import RSIT_VALUES, TLP_LABELS, tlp_hint
from cyberdrill.pack.yamlnodes import Document, ValuePath

_LITERAL_OPERATORS = ("equals", "one_of", "not_one_of", "contains_all", "contains_any", "not_contains")
_ID_FIELD_KINDS = {"party": PARTY_OR_TEAM, "team": "team", "channel": "channel", "attachment": "attachment"}


def check_references(check: PackCheck) -> None:
    """Run every uniqueness and reference check of the pack and its scripts."""
    unique_ids(check)
    for i, inject in check.items("injects", Inject):
        _inject(check, ("injects", i), inject)
    for i, consequence in check.items("consequences", Consequence):
        path = ("consequences", i)
        trigger(check, (*path, "trigger"), consequence.trigger)
        condition(check, (*path, "unless"), consequence.unless)
        effects(check, (*path, "effects"), consequence.effects)
        if consequence.inject is not None:
            check.reference((*path, "inject"), "inject", consequence.inject)
    for i, step in check.items("steps", Step):
        _step(check, ("steps", i), step)
    for i, rule in check.items("rules", PartyRule):
        _rule(check, ("rules", i), rule)
    for name, action in (getattr(check.pack, "actions", None) or {}).items():
        for field_name, spec in action.fields.items():
            kind = _ID_FIELD_KINDS.get(spec.type)
            for j, option in enumerate(spec.options or []):
                if kind is not None:
                    check.reference(("actions", name, "fields", field_name, "options", j), kind, option)
    evidence_declaration(check)
    for i, objective in check.items("objectives", Objective):
        for j, outcome in enumerate(objective.outcomes):
            check.reference(("objectives", i, "outcomes", j, "fact"), "fact", outcome.fact)
            if isinstance(outcome.of, str) and "{" not in outcome.of:
                check.reference(("objectives", i, "outcomes", j, "of"), "fact", outcome.of)
    for script in check.scripts:
        _script(check, script)


def evidence_declaration(check: PackCheck) -> None:
    """At most one action type registers evidence, and it has a sha256 field for the digest. A pack that
    declares none but has a sha256 field somewhere gets a warning: consoles then guess that action."""
    actions = getattr(check.pack, "actions", None) or {}
    declared = [name for name, a in actions.items() if a.registers_evidence]
    for name in declared:
        if not any(f.type == "sha256" for f in actions[name].fields.values()):
            check.report(("actions", name, "registers_evidence"),
                         f"action type {name!r} registers evidence but has no sha256 field for the digest")
    for name in declared[1:]:
        check.report(("actions", name, "registers_evidence"),
                     f"only one action type registers evidence, and {declared[0]!r} already does")
    if not declared and actions:
        guessed = Pack.evidence_action(check.pack)
        if guessed is not None:
            check.warn(("actions", guessed), f"action type {guessed!r} has a sha256 field and is taken to register "
                       "evidence; declare it with `registers_evidence: true`", key=True)


def unique_ids(check: PackCheck) -> None:
    """Two items of one section with the same id: an error at the second."""
    for section, word in ID_SECTIONS.items():
        seen: dict[str, ValuePath] = {}
        raw = check.data.get(section)
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = check.doc.at(seen[ident])
                here = check.doc.at((section, i, "id"))
                where = f"line {first.line}" if first.file == here.file else f"{first.file}:{first.line}"
                check.report((section, i, "id"), f"duplicate {word} id {ident!r} (first at {where})")
            else:
                seen[ident] = (section, i, "id")
    teams = check.declared("team")
    for ident, path in check.declared("party").items():
        if ident in teams:
            check.report(path, f"party id {ident!r} is also a team id: a message's `to` would be ambiguous")


def trigger(check: PackCheck, path: ValuePath, value: Trigger | None) -> None:
    """The step, inject or consequence a trigger waits for must exist."""
    if value is None:
        return
    if value.after is not None:
        kind, ident = split_ref(value.after)
        check.reference((*path, "after"), kind, ident)
    if value.missed is not None:
        check.reference((*path, "missed"), "step", value.missed)
    condition(check, (*path, "when"), value.when)


def condition(check: PackCheck, path: ValuePath, value: Any) -> None:
    """Facts, steps and injects named anywhere in a condition must be declared."""
    if isinstance(value, FactCondition):
        check.reference((*path, "fact"), "fact", value.fact)
    elif isinstance(value, StepCondition):
        check.reference((*path, "step"), "step", value.step)
    elif isinstance(value, FiredCondition):
        check.reference((*path, "fired"), "inject", value.fired)
    elif isinstance(value, PenaltyCondition):
        known = {p.id for _, st in check.items("steps", Step) for p in [*st.penalties,
                                                                      *(q for r in st.routes for q in r.penalties)]}
        if value.penalty not in known:
            close = difflib.get_close_matches(value.penalty, sorted(known), n=1, cutoff=0.6)
            check.report((*path, "penalty"), f"no penalty {value.penalty!r} in any step"
                         + (f" (did you mean {close[0]!r}?)" if close else ""))
    elif isinstance(value, PublishedCondition):
        if not any(getattr(c, "public", False) for _, c in check.items("channels", Channel)):
            check.warn((*path, "published"), "no channel is public: nothing can be published, so this never holds")
    elif isinstance(value, (AllCondition, AnyCondition)):
        key = "all" if isinstance(value, AllCondition) else "any"
        for i, part in enumerate(getattr(value, key)):
            condition(check, (*path, key, i), part)
    elif isinstance(value, NotCondition):
        condition(check, (*path, "not"), value.not_)


def effects(check: PackCheck, path: ValuePath, value: Effects | None) -> None:
    """Effects may only set facts declared in `facts`."""
    for fact in value.set if value is not None else {}:
        check.reference((*path, "set", fact), "fact", fact, key=True)


def matchers(check: PackCheck, path: ValuePath, action: str, given: dict[str, Matcher]) -> None:
    """Matcher keys are fields of the action type; literal values of id, TLP, RSIT and choice fields exist."""
    fields = check.action_fields(action)
    if fields is None:
        return
    for name, matcher in given.items():
        if name not in fields:
            _not_a_field(check, (*path, name), name, action, list(fields))
            continue
        if matcher.operator in _LITERAL_OPERATORS:
            literal_values(check, (*path, name, matcher.operator), fields[name].type, fields[name].options,
                           matcher.operand)
        elif matcher.operator == "cites":
            citations(check, (*path, name, "cites"), matcher.cites or [])
        elif matcher.operator in ("tlp_at_least", "tlp_at_most") and fields[name].type != "tlp":
            check.report((*path, name, matcher.operator), f"{matcher.operator} compares TLP labels, but {name!r} is a "
                         f"{fields[name].type} field")


# Fields whose value is the whole answer; a penalty on a wrong recipient or channel usually punishes something
# more (publishing victims' data), so ids are left out.
_CLOSED_KINDS = ("bool", "choice", "tlp", "rsit")
_VALUE_OPERATORS = ("equals", "one_of", "not_one_of", "tlp_at_least", "tlp_at_most")


def double_counting(check: PackCheck, path: ValuePath, name: str, action: str, match: dict[str, Matcher],
                    penalties: list[Any]) -> None:
    """A penalty on a field whose value `match` already scores (a yes/no, a choice, a TLP label) punishes
    one wrong value twice: the matcher's share and the penalty. Warn, naming both (free text is not judged here:
    citing Budapest and not citing UNTOC are two mistakes)."""
    fields = check.action_fields(action) or {}
    for j, penalty in enumerate(penalties):
        for field_name, when in penalty.when.items():
            scored = match.get(field_name)
            kind = fields[field_name].type if field_name in fields else None
            if (scored is None or kind not in _CLOSED_KINDS or scored.operator not in _VALUE_OPERATORS
                    or when.operator not in ("equals", "one_of")):
                continue
            check.warn((*path, "penalties", j, "when", field_name),
                       f"step {name}: penalty {penalty.id!r} and the matcher match.{field_name} both score a wrong "
                       f"{field_name}: one mistake would cost twice (the matcher's share and {penalty.points:g} "
                       "points); keep one of them")


def substance_fields(check: PackCheck, path: ValuePath, action: str, names: list[str]) -> None:
    """`substance` names free-text fields (text, longtext) of the action type."""
    fields = check.action_fields(action)
    if fields is None:
        return
    for j, name in enumerate(names):
        if name not in fields:
            _not_a_field(check, (*path, j), name, action, list(fields), key=False)
        elif fields[name].type not in ("text", "longtext"):
            check.report((*path, j), f"substance names {name!r}, a {fields[name].type} field; it judges free text "
                         "(text, longtext) only")


def citations(check: PackCheck, path: ValuePath, specs: list[str]) -> None:
    """Each `cites` value names an instrument of the vocabulary (bundled or the pack's own)."""
    from cyberdrill.pack.instruments import Instrument, vocabulary

    own = getattr(check.pack, "instruments", None)
    known = vocabulary(own if isinstance(own, dict) and all(isinstance(v, Instrument) for v in own.values())
                       else {})
    for j, spec in enumerate(specs):
        name, _, article = spec.partition(":")
        name = name.strip().casefold()
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            check.report((*path, j), f"cites {spec!r}: no instrument {name!r} in the vocabulary{hint}; add it under "
                         "`instruments` with its aliases")
        elif ":" in spec and not article.strip():
            check.report((*path, j), f"cites {spec!r}: give the article after the colon (\"untoc:18\") or none")


def _not_a_field(check: PackCheck, path: ValuePath, name: str, action: str, fields: list[str],
                 doc: Document | None = None, key: bool = True) -> None:
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (its fields: {', '.join(fields)})"
    check.report(path, f"{name!r} is not a field of action type {action!r}{hint}", key=key, doc=doc)


def literal_values(check: PackCheck, path: ValuePath, field_type: str, options: list[str] | None, value: Any,
                   doc: Document | None = None) -> None:
    """A value written literally (not a template) for an id, TLP, RSIT or choice field must be one that
    exists; a template is checked against the world instead."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            literal_values(check, (*path, i), field_type, options, item, doc)
        return
    if not isinstance(value, str) or "{{" in value or "{%" in value:
        return
    kind = _ID_FIELD_KINDS.get(field_type)
    if kind is not None:
        check.reference(path, kind, value, doc=doc)
    elif field_type == "tlp" and value not in TLP_LABELS:
        hint = tlp_hint(value)
        check.report(path, f"{value!r} is not a TLP 2.0 label" + (f" ({hint})" if hint else ""), doc=doc)
    elif field_type == "rsit" and value not in RSIT_VALUES:
        close = difflib.get_close_matches(value, RSIT_VALUES, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else " (write class/type, e.g. fraud/phishing)"
        check.report(path, f"{value!r} is not an RSIT class/type{hint}", doc=doc)
    elif field_type in ("choice", "multichoice") and options and value not in options:
        check.report(path, f"{value!r} is not one of the field's options: {', '.join(options)}", doc=doc)


def _inject(check: PackCheck, path: ValuePath, inject: Inject) -> None:
    check.reference((*path, "from"), PARTY_OR_TEAM, inject.from_)
    for j, team in enumerate(inject.to):
        check.reference((*path, "to", j), "team", team)
    check.reference((*path, "channel"), "channel", inject.channel)
    for j, name in enumerate(inject.attachments):
        check.reference((*path, "attachments", j), "attachment", name)
    trigger(check, (*path, "trigger"), inject.trigger)
    condition(check, (*path, "unless"), inject.unless)
    effects(check, (*path, "effects"), inject.effects)


def _step(check: PackCheck, path: ValuePath, step: Step) -> None:
    known_team = check.reference((*path, "team"), "team", step.team)
    check.reference((*path, "objective"), "objective", step.objective)
    known_action = check.reference((*path, "action"), "action type", step.action)
    trigger(check, (*path, "opens"), step.opens)
    condition(check, (*path, "applies"), step.applies)
    condition(check, (*path, "moot_once"), step.moot_once)
    owners = {s.id: s.team for _, s in check.items("steps", Step)}
    for j, required in enumerate(step.requires):
        if required == step.id:
            check.report((*path, "requires", j), f"step {step.id!r} requires itself")
        elif (check.reference((*path, "requires", j), "step", required) and known_team
              and owners.get(required, step.team) in check.declared("team")
              and owners.get(required, step.team) != step.team):
            check.report((*path, "requires", j), f"requires names {required!r}, a step of team "
                         f"{owners[required]!r}; a step can only require steps of its own team ({step.team!r})")
    if not known_action:
        return
    matchers(check, (*path, "select"), step.action, step.select)
    matchers(check, (*path, "match"), step.action, step.match)
    for j, penalty in enumerate(step.penalties):
        matchers(check, (*path, "penalties", j, "when"), step.action, penalty.when)
    fields = check.action_fields(step.action)
    if step.marking is not None and fields is not None and step.marking.field not in fields:
        _not_a_field(check, (*path, "marking", "field"), step.marking.field, step.action, list(fields), key=False)
    substance_fields(check, (*path, "substance"), step.action, step.substance)
    double_counting(check, path, step.id, step.action, step.match, step.penalties)
    for j, route in enumerate(step.routes):
        where: ValuePath = (*path, "routes", j)
        if not check.reference((*where, "action"), "action type", route.action):
            continue
        matchers(check, (*where, "select"), route.action, route.select)
        matchers(check, (*where, "match"), route.action, route.match)
        for k, penalty in enumerate(route.penalties):
            matchers(check, (*where, "penalties", k, "when"), route.action, penalty.when)
        substance_fields(check, (*where, "substance"), route.action, route.substance)
        double_counting(check, where, f"{step.id} (route {route.id})", route.action, route.match, route.penalties)


def _rule(check: PackCheck, path: ValuePath, rule: PartyRule) -> None:
    check.reference((*path, "party"), PARTY_OR_TEAM, rule.party)
    known_action = check.reference((*path, "on"), "action type", rule.on)
    condition(check, (*path, "when"), rule.when)
    for j, channel in enumerate(rule.channels or []):
        check.reference((*path, "channels", j), "channel", channel)
    check.reference((*path, "reply", "inject"), "inject", rule.reply.inject)
    if rule.otherwise is not None:
        check.reference((*path, "otherwise", "inject"), "inject", rule.otherwise.inject)
    effects(check, (*path, "effects"), rule.effects)
    for j, team in enumerate(rule.sender or []):
        check.reference((*path, "sender", j), "team", team)
    if rule.forward is not None and check.reference((*path, "forward", "to"), PARTY_OR_TEAM, rule.forward.to):
        if rule.forward.to == rule.party:
            check.report((*path, "forward", "to"), f"rule {rule.id!r} forwards to its own party {rule.party!r}")
        elif not any(r.party == rule.forward.to and r.on == rule.on for _, r in check.items("rules", PartyRule)):
            check.warn((*path, "forward", "to"), f"{rule.forward.to!r} has no rule on {rule.on}: the forwarded "
                       "request goes unanswered")
    if known_action:
        matchers(check, (*path, "accept_if"), rule.on, rule.accept_if)
        matchers(check, (*path, "request"), rule.on, rule.request)


def _script(check: PackCheck, script: Script) -> None:
    steps = {s.id: s for _, s in check.items("steps", Step)}
    for i, entry in enumerate(script.entries):
        if entry is None:
            continue
        path: ValuePath = (i,)
        if not check.reference((*path, "team"), "team", entry.team, doc=script.doc):
            continue
        if entry.reply_to is not None:
            check.reference((*path, "reply_to"), "inject", entry.reply_to, doc=script.doc)
        if entry.mark is not None and check.reference((*path, "mark"), "step", entry.mark, doc=script.doc):
            step = steps.get(entry.mark)
            if step is not None and step.marking is None:
                check.report((*path, "mark"), f"step {entry.mark!r} has no marking to give points for",
                             doc=script.doc)
            elif step is not None and step.team != entry.team:
                check.report((*path, "mark"), f"step {entry.mark!r} belongs to team {step.team!r}, not "
                             f"{entry.team!r}", doc=script.doc)
        if entry.action is None or not check.reference((*path, "action"), "action type", entry.action,
                                                        doc=script.doc):
            continue
        fields = check.action_fields(entry.action)
        if fields is None:
            continue  # the action type is invalid itself: reported there
        for name, value in entry.fields.items():
            if name not in fields:
                _not_a_field(check, (*path, "fields", name), name, entry.action, list(fields), doc=script.doc)
            else:
                literal_values(check, (*path, "fields", name), fields[name].type, fields[name].options, value,
                               doc=script.doc)
