"""The service: sessions start, reopen from the log, and survive two writers racing."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from drill_play import play, start

from cyberdrill.engine.commands import TakeAction, Tick
from cyberdrill.engine.events import Event, SessionStarted
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.service import (
    DrillService,
    SessionNotStarted,
    SessionPackProblem,
    check_passphrase,
    locate_pack,
    needs_passphrase,
    session_score,
)
from cyberdrill.store.base import MemoryLog, SessionInfo


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


# ------------------------------------------------------------------------------- one locate_pack


def _info_of(pack: str, **settings: object) -> SessionInfo:
    return SessionInfo(id="s1", pack=pack, pack_version="1", pack_hash="", seed=1, teams=[], settings=settings)


def test_locate_pack_takes_the_recorded_folder_while_it_holds_the_sessions_pack(mini, tmp_path: Path) -> None:
    assert locate_pack(_info_of("mini", pack_path=str(mini.root))) == mini.root
    other = tmp_path / "other"
    shutil.copytree(mini.root, other)
    (other / "pack.yaml").write_text((other / "pack.yaml").read_text().replace("id: mini", "id: elsewhere"))
    # a recorded path whose pack.yaml names another pack is not the session's pack
    with pytest.raises(SessionPackProblem, match="pack 'mini' of session s1 not found"):
        locate_pack(_info_of("mini", pack_path=str(other)))


def test_locate_pack_finds_a_moved_pack_by_its_id_in_offered_folders_and_parents(mini, tmp_path: Path) -> None:
    moved = tmp_path / "packs" / "renamed-folder"
    shutil.copytree(mini.root, moved)
    gone = _info_of("mini", pack_path=str(tmp_path / "deleted"))
    assert locate_pack(gone, [moved]) == moved  # a pack folder offered as such (the launcher's list)
    assert locate_pack(gone, [tmp_path / "packs"]) == moved  # a folder of packs (--packs DIR)
    bundled = locate_pack(_info_of("ru-th-remittance-fraud", pack_path=str(tmp_path / "deleted")))
    assert (bundled / "pack.yaml").is_file()
    with pytest.raises(SessionPackProblem, match="not found"):
        locate_pack(_info_of("no-such-pack"), [tmp_path / "packs"])


def test_an_untrusted_recorded_path_is_not_followed(mini, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(mini.root, copy)
    with pytest.raises(SessionPackProblem):
        locate_pack(_info_of("mini", pack_path=str(copy)), trust_recorded=False)
    assert locate_pack(_info_of("mini", pack_path=str(copy))) == copy


def test_the_instructor_passphrase_is_checked_in_the_service(mini) -> None:
    from cyberdrill.store.seats import PASSPHRASE_SETTING, hash_passphrase

    open_seat = _info_of("mini")
    assert not needs_passphrase(open_seat) and check_passphrase(open_seat, "")
    guarded = _info_of("mini", **{PASSPHRASE_SETTING: hash_passphrase("ตรวจสอบ-42")})
    assert needs_passphrase(guarded)
    assert check_passphrase(guarded, "ตรวจสอบ-42")
    assert not check_passphrase(guarded, "ตรวจสอบ-43") and not check_passphrase(guarded, "")
    assert not check_passphrase(_info_of("mini", **{PASSPHRASE_SETTING: "garbage"}), "garbage")


# ------------------------------------------------------------------- session creation, one transaction


class _KilledAtAppend(MemoryLog):
    """A log whose process dies at the first append (as a kill between two transactions would)."""

    def append(self, session: str, expected_seq: int, events: list[Event], command_id: str | None = None) -> int:
        raise SystemExit("killed")


def test_a_session_is_created_with_its_start_in_one_write(mini) -> None:
    log = _KilledAtAppend()
    drill = DrillService(log, mini).start(seed=3)
    stored = log.read(drill.session_id)
    assert isinstance(stored[0][1], SessionStarted) and log.session(drill.session_id).last_seq == len(stored)


def test_opening_a_session_without_events_is_a_one_line_problem(mini) -> None:
    log = MemoryLog()
    log.create_session(_info_of("mini"))
    with pytest.raises(SessionNotStarted, match="session s1 has no session_started event"):
        DrillService(log, mini).open("s1")


def test_the_final_score_is_cached_once_and_recomputed_when_stale(mini) -> None:
    drill = play(mini, mini.scripts["solution"])
    info = drill.log.session(drill.session_id)
    assert info.score_seq == info.last_seq and session_score(drill.log, info) == info.score
    info.score, info.score_seq = {"th-cert": 1.0}, 0
    drill.log.update_session(info)
    stale = drill.log.session(drill.session_id)
    assert session_score(drill.log, stale, [mini.root]) == drill.log.session(drill.session_id).score
    assert drill.log.session(drill.session_id).score["th-cert"] == 100.0
