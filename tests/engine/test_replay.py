"""The log is the truth: same inputs give the same log, and state is a fold over it."""

from __future__ import annotations

import json
from typing import Any

from drill_play import play, solution, start

from cyberdrill.engine import evolve, initial_state, replay
from cyberdrill.engine.commands import Tick
from cyberdrill.engine.events import from_json
from cyberdrill.script import play_script


def comparable(drill: Any) -> list[dict[str, Any]]:
    """The log as JSON, without the only fields allowed to differ: the session id and wall-clock readings."""
    out = []
    for seq, event in drill.log.read(drill.session_id):
        data = {"seq": seq, **event.to_json()}
        data.pop("session", None)
        for key in [k for k in data if k.startswith("wall_")]:
            data.pop(key)
        out.append(json.loads(json.dumps(data)))
    return out


def test_same_pack_seed_and_script_give_the_same_log(mini) -> None:
    first = play(mini, mini.scripts["scripts/typical-mistakes"], seed=3)
    second = play(mini, mini.scripts["scripts/typical-mistakes"], seed=3)
    assert first.session_id != second.session_id
    assert comparable(first) == comparable(second)
    assert len(comparable(first)) > 20


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Every scalar in a world by its dotted path (list items by index)."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in leaves(item, f"{path}.{key}".lstrip(".")).items()}
    if isinstance(value, list):
        return {k: v for n, item in enumerate(value) for k, v in leaves(item, f"{path}[{n}]").items()}
    return {path: value}


def test_another_seed_gives_another_world(mini) -> None:
    worlds = [leaves(play(mini, [], seed=seed).state.world) for seed in range(1, 9)]
    assert worlds[0] == leaves(play(mini, [], seed=1).state.world)  # the seed alone decides
    assert len({json.dumps(w, sort_keys=True) for w in worlds}) == len(worlds)
    # Every generated fact moves with the seed: Faker names and numbers, patterns, ranges and choices alike.
    assert set(worlds[0]) > {"victim.name", "mule.account", "mule.amount", "hoster.name", "panel_ip", "domain"}
    fixed = [path for path in worlds[0] if len({w[path] for w in worlds}) == 1]
    assert fixed == []


def test_fold_of_whole_log_equals_state_built_event_by_event(mini) -> None:
    drill = play(mini, mini.scripts["solution"])
    events = [e for _, e in drill.log.read(drill.session_id)]
    by_one = initial_state()
    for event in events:
        by_one = evolve(by_one, event)
    assert replay(events) == by_one == drill.state
    assert by_one.events == len(events)


def test_log_round_trips_through_json(mini) -> None:
    drill = play(mini, mini.scripts["scripts/typical-mistakes"])
    events = [e for _, e in drill.log.read(drill.session_id)]
    reread = [from_json(json.loads(json.dumps(e.to_json()))) for e in events]
    assert reread == events
    assert replay(reread) == drill.state


def test_ticking_every_minute_gives_the_same_log_as_ticking_only_at_the_entries(mini) -> None:
    # A live session is ticked by the clock every few seconds; a headless run only at its entries.
    script = solution(mini)
    coarse = play(mini, script)
    fine = start(mini)
    for minute in range(8 * 60 + 1):
        fine.execute(Tick(at=minute * 60))
        assert not play_script(fine, [e for e in script if e.at == minute * 60], end=False)
    assert not play_script(fine, [])  # ends the session at the pack's duration, as `coarse` did
    assert comparable(coarse) == comparable(fine)
