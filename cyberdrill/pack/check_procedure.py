"""Checks on the shape of the procedure and the people in it: `requires` has no cycles, deadlines close
after they open, time zones are IANA zones and locales are Faker locales."""

from __future__ import annotations

import difflib
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from cyberdrill.pack.checks import PackCheck
from cyberdrill.pack.model import Generator, Party, Record, Step, Team, format_clock
from cyberdrill.pack.yamlnodes import ValuePath


def check_procedure(check: PackCheck) -> None:
    """Run the cycle, deadline, time-zone and locale checks, and the world's YAML 1.1 booleans."""
    requires_cycles(check)
    deadlines(check)
    zones_and_locales(check)
    world_booleans(check)


_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def world_booleans(check: PackCheck) -> None:
    """A world value written `NO`, `yes`, `off` ... is a boolean to YAML 1.1: almost always a country code or
    a word meant as text. Warn (a warning: `{value: no}` may mean false)."""
    for path, raw in sorted(check.doc.raw.items(), key=lambda item: str(item[0])):
        if path and path[0] == "world" and raw.strip().casefold() in _YAML11_BOOLEANS:
            value = "true" if raw.strip().casefold() in ("yes", "on", "y") else "false"
            check.warn(path, f"YAML read {raw} as {value}; put it in quotes if you mean the text {raw!r}")


def requires_cycles(check: PackCheck) -> None:
    """A cycle in `requires` makes every step in it out of order: name the cycle once, at the step where it
    closes."""
    steps = {s.id: (i, s) for i, s in check.items("steps", Step)}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    reported: set[frozenset[str]] = set()

    def visit(ident: str, trail: list[str]) -> None:
        state[ident] = 1
        trail.append(ident)
        index, step = steps[ident]
        for j, required in enumerate(step.requires):
            if required not in steps or required == ident:
                continue  # unknown steps and self-requirement are reported by the reference checks
            if state.get(required) == 1:
                cycle = trail[trail.index(required):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    names = " -> ".join([*cycle, required])
                    check.report(("steps", index, "requires", j), f"requires cycle: {names}")
            elif required not in state:
                visit(required, trail)
        trail.pop()
        state[ident] = 2

    for ident in steps:
        if ident not in state:
            visit(ident, [])


def deadlines(check: PackCheck) -> None:
    """A deadline must fall after the step opens; one past the end of the exercise is only a warning."""
    duration = getattr(check.pack, "duration", None)
    for i, step in check.items("steps", Step):
        path: ValuePath = ("steps", i)
        if step.due == 0:
            check.report((*path, "due"), f"due: {check.doc.raw.get((*path, 'due')) or '0m'} closes step "
                         f"{step.id!r} the moment it opens; give a positive duration")
        if step.deadline is None:
            continue
        opens_at = step.opens.at if step.opens is not None and step.opens.at is not None else None
        if opens_at is None and step.opens is None:
            opens_at = 0
        if opens_at is not None and step.deadline <= opens_at:
            check.report((*path, "deadline"), f"deadline {format_clock(step.deadline)} closes before step "
                         f"{step.id!r} opens at {format_clock(opens_at)}")
        elif isinstance(duration, int) and step.deadline > duration:
            check.warn((*path, "deadline"), f"deadline {format_clock(step.deadline)} falls after the end of the "
                       f"exercise ({format_clock(duration)})")


@lru_cache(maxsize=1)
def _zone_names() -> list[str]:
    return sorted(available_timezones())


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zones_and_locales(check: PackCheck) -> None:
    """Teams' and parties' time zones are IANA zones; locales of teams and world values are Faker's."""
    located: list[tuple[ValuePath, str]] = []
    people: list[tuple[str, type[Team] | type[Party]]] = [("teams", Team), ("parties", Party)]
    for section, cls in people:
        for i, who in check.items(section, cls):
            if not _valid_zone(who.timezone):
                close = difflib.get_close_matches(who.timezone, _zone_names(), n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}?" if close else "use an IANA name such as Asia/Bangkok"
                check.report((section, i, "timezone"), f"unknown time zone {who.timezone!r} ({hint})")
            if isinstance(who, Team):
                located.append(((section, i, "locale"), who.locale))
    for name, item in (getattr(check.pack, "world", None) or {}).items():
        if isinstance(item, Record):
            if item.locale is not None:
                located.append((("world", name, "locale"), item.locale))
            for field_name, generator in item.fields.items():
                if generator.locale is not None:
                    located.append((("world", name, "fields", field_name, "locale"), generator.locale))
        elif isinstance(item, Generator) and item.locale is not None:
            located.append((("world", name, "locale"), item.locale))
    if all(locale == "en_US" for _, locale in located):
        return  # en_US is always there: no need to ask Faker
    from cyberdrill.world.locales import check_locale  # only world/ talks to Faker; imported when needed

    for path, locale in located:
        problem = check_locale(locale)
        if problem is not None:
            check.report(path, problem)
