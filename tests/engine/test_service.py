"""The service: sessions start, reopen from the log, and survive two writers racing."""

from __future__ import annotations

import dataclasses

from drill_play import play, start

from cyberdrill.engine.commands import TakeAction, Tick
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.service import DrillService


def test_start_records_the_world_and_the_session(mini) -> None:
    drill = start(mini, seed=4)
    info = drill.log.session(drill.session_id)
    assert info.settings["pack_id"] == "mini" and info.settings["pack_path"] == str(mini.root)
    assert info.seed == 4 and info.teams == ["th-cert", "ru-cert"] and info.pack_hash == mini.content_hash
    first = drill.log.read(drill.session_id)[0][1]
    assert first.world == drill.state.world and set(first.attachments) == {"statement.csv"}
    assert len(first.attachments["statement.csv"]["sha256"]) == 64


def test_open_replays_the_log_and_flags_a_changed_pack(mini) -> None:
    drill = play(mini, mini.scripts["solution"])
    service = DrillService(drill.log, mini)
    again = service.open(drill.session_id[:6])
    assert again.state == drill.state and again.seq == drill.seq and not again.pack_changed
    assert again.scorecard().to_json() == drill.scorecard().to_json()
    edited = LoadedPack(**{**{f.name: getattr(mini, f.name) for f in dataclasses.fields(mini)},
                           "content_hash": "0" * 64})
    assert DrillService(drill.log, edited).open(drill.session_id).pack_changed


def test_session_info_follows_the_drill(mini) -> None:
    drill = play(mini, [])
    info = drill.log.session(drill.session_id)
    assert (info.status, info.last_seq, info.exercise_time) == ("ended", drill.seq, 8 * 3600)
    assert info.score == {"th-cert": 0.0, "ru-cert": 0.0}


def test_two_consoles_race_and_both_actions_land(mini) -> None:
    first = start(mini)
    second = DrillService(first.log, mini).open(first.session_id)
    first.execute(Tick(at=30 * 60))
    # `second` has not seen the tick: its append conflicts, it catches up and decides again
    events = second.execute(TakeAction(at=20 * 60, team="ru-cert", action="situation_report",
                                       fields={"report": "on it"}))
    assert events[-1].t == 30 * 60  # applied at the session's time, which never runs backwards
    assert [e for _, e in first.log.read(first.session_id)][-1] == events[-1]
    seen = first.refresh()
    assert seen == events and first.state == second.state
