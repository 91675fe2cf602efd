"""Engine figures: events folded per second on a synthetic 100,000-event session, and the time to score a
30-team session, each against a baseline measured in the same run.

usage: python bench/engine.py [--events N] [--teams N] [--repeat N]
Budgets (issue 3): >= 200,000 events/s folded; < 50 ms to score 30 teams. Prints figures and ratios;
asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

# The working tree's cyberdrill, not an installed copy (only sys.path lines may sit between imports)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cyberdrill.engine import events as ev
from cyberdrill.engine import evolve, initial_state, replay
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import Pack, ScriptEntry
from cyberdrill.pack.yamlnodes import parse_yaml

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "packs" / "mini"


def synthetic_log(n: int) -> list[ev.Event]:
    """A plausible mix for a long multi-team session: actions, deliveries, replies, facts, marks."""
    teams = tuple(f"team-{k:02d}" for k in range(30))
    out: list[ev.Event] = [ev.SessionStarted(t=0, session="bench", pack="bench", pack_version="1", pack_hash="0",
                                             seed=1, teams=teams, world={"x": 1}, attachments={}, time_scale=10)]
    actions = messages = 0
    t = 0
    while len(out) < n:
        t += 7
        team = teams[len(out) % len(teams)]
        actions += 1
        out.append(ev.ActionTaken(t=t, action_id=f"A{actions}", team=team, action="freeze_request",
                                  fields={"to": "ru-bank", "channel": "swift-gpi", "account": "40817810000000000001",
                                          "amount": 509000, "tlp": "TLP:AMBER"}))
        out.append(ev.InjectScheduled(t=t, inject="bank-frozen", due=t + 1800, cause="reply",
                                      in_reply_to=f"A{actions}", rule="r", context={}))
        messages += 1
        out.append(ev.InjectDelivered(t=t + 1, message=f"M{messages}", inject="bank-frozen", sender="ru-bank",
                                      to=(team,), channel="swift-gpi", tlp="TLP:AMBER", subject="Frozen",
                                      body="We froze the account.", cause="reply", in_reply_to=f"A{actions}"))
        out.append(ev.FactsChanged(t=t + 1, set={"funds_frozen": True}, cause="rule:r"))
        if actions % 5 == 0:
            out.append(ev.StepOpened(t=t, step=f"s{actions}", team=team, due=t + 3600))
            out.append(ev.MarkGiven(t=t, team=team, step=f"s{actions}", points=2.0))
            out.append(ev.TriggerArmed(t=t, target=f"inject:i{actions}", due=t + 60))
    return out[:n]


def _best(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _baseline_fold(events: list[ev.Event]) -> None:
    # The least any fold must do: look at every event and update a dict.
    latest: dict[type, int] = {}
    for event in events:
        latest[type(event)] = event.t


def _event_by_event(events: list[ev.Event]) -> None:
    state = initial_state()
    for event in events:
        state = evolve(state, event)


# ------------------------------------------------------------------------------ a 30-team session


_STEP_IDS = re.compile(r"\b((?:th|ru)\.(?:classify|freeze|share|sitrep|report-loss|preserve|confirm))\b")


def _sections(root: Path) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in sorted(root.glob("*.yaml")):
        if path.name != "solution.yaml":
            # the pack's own YAML reader: plain PyYAML would read the key `on:` as True
            merged.update(parse_yaml(path.read_text(encoding="utf-8"), path.name).value)
    return merged


def _for_copy(value: Any, k: int) -> Any:
    text = json.dumps(value)
    text = _STEP_IDS.sub(lambda m: f"{m.group(1)}.{k}", text)
    text = text.replace('"th-cert"', f'"th-cert-{k}"').replace('"ru-cert"', f'"ru-cert-{k}"')
    return json.loads(text)


def many_teams(pairs: int) -> tuple[LoadedPack, list[ScriptEntry]]:
    """The mini pack with `pairs` copies of its two teams and their steps, and its solution for all."""
    mini = load_pack(MINI)
    raw = _sections(MINI)
    raw["teams"] = [_for_copy(t, k) for k in range(pairs) for t in raw["teams"]]
    raw["steps"] = [_for_copy(s, k) for k in range(pairs) for s in raw["steps"]]
    for inject in raw["injects"]:
        inject["to"] = [f"{team}-{k}" for team in inject["to"] for k in range(pairs)]
        if "trigger" in inject:
            inject["trigger"] = _for_copy(inject["trigger"], 0)
    pack = Pack.model_validate(raw)
    solution = parse_yaml((MINI / "solution.yaml").read_text(encoding="utf-8"), "solution.yaml").value
    entries = [ScriptEntry.model_validate(_for_copy(copy.deepcopy(e), k)) for k in range(pairs) for e in solution]
    loaded = LoadedPack(pack=pack, root=MINI, attachment_sources=mini.attachment_sources, scripts={},
                        content_hash="bench")
    return loaded, entries


def _baseline_score(loaded: LoadedPack, state: Any) -> None:
    # The least any scorer must do: for every step, look at the team's actions of its type and compare
    # each matched field with the expected value.
    for step in loaded.pack.steps:
        for action in state.by_type.get((step.team, step.action), []):
            sum(1 for name, m in step.match.items() if action.fields.get(name) == m.operand)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    events = synthetic_log(args.events)
    fold = _best(lambda: replay(events), args.repeat)
    one_by_one = _best(lambda: _event_by_event(events), args.repeat)
    base = _best(lambda: _baseline_fold(events), args.repeat)
    print(f"fold (replay) of {len(events):,} events: {fold * 1000:.1f} ms = {len(events) / fold:,.0f} events/s "
          f"(budget >= 200,000/s)")
    print(f"evolve event by event:       {one_by_one * 1000:.1f} ms = {len(events) / one_by_one:,.0f} events/s")
    print(f"baseline (dict update loop): {base * 1000:.1f} ms = {len(events) / base:,.0f} events/s; "
          f"fold is {fold / base:.1f}x the baseline")

    from cyberdrill.script import play_script
    from cyberdrill.service import DrillService
    from cyberdrill.store.base import MemoryLog

    loaded, entries = many_teams(max(1, args.teams // 2))
    drill = DrillService(MemoryLog(), loaded).start(seed=1)
    start = time.perf_counter()
    refusals = play_script(drill, entries)
    played = time.perf_counter() - start
    card = drill.scorecard()
    teams = len(card.teams)
    percents = sorted({t.percent for t in card.teams})
    took = statistics.median(_best(drill.scorecard, 1) for _ in range(args.repeat * 3))
    base_score = statistics.median(_best(lambda: _baseline_score(loaded, drill.state), 1)
                                   for _ in range(args.repeat * 3))
    print(f"session of {teams} teams, {len(loaded.pack.steps)} steps, {drill.seq:,} events: played in "
          f"{played * 1000:.0f} ms ({len(entries)} entries, {len(refusals)} refused; team percents {percents})")
    print(f"score {teams} teams: median {took * 1000:.2f} ms (budget < 50 ms); baseline (bare field "
          f"comparisons) {base_score * 1000:.3f} ms; scoring is {took / base_score:.0f}x the baseline")


if __name__ == "__main__":
    main()
