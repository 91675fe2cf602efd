"""The EventLog contract, seats included, on the in-memory log and on SQL (SQLite file, PostgreSQL)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_builders import BACKENDS, action, new_info

from cyberdrill.engine.events import InjectDelivered, SessionEnded
from cyberdrill.store import CommandRecorded, EventLog, MemoryLog, SeqConflict, SessionExists, SessionInfo, open_log
from cyberdrill.store.seats import HOST_SEAT, SeatTaken


@pytest.fixture(params=["memory", *BACKENDS])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventLog]:
    if request.param == "memory":
        yield MemoryLog()
    elif request.param == "sqlite":
        yield open_log(f"sqlite:///{tmp_path / 'drill.db'}")
    else:
        yield open_log(request.getfixturevalue("pg_database"))


def test_appends_get_consecutive_seqs_and_read_returns_what_was_appended(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    assert log.append(info.id, 0, [action(1), action(2)]) == 2
    assert log.append(info.id, 2, [action(3)]) == 3
    assert log.read(info.id) == [(1, action(1)), (2, action(2)), (3, action(3))]
    assert log.read(info.id, after_seq=2) == [(3, action(3))]
    assert log.read(info.id, after_seq=3) == []


def test_a_stale_writer_gets_seq_conflict_and_nothing_is_written(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    log.append(info.id, 0, [action(1)])
    with pytest.raises(SeqConflict):
        log.append(info.id, 0, [action(2), action(3)])
    with pytest.raises(SeqConflict):
        log.append(info.id, 5, [action(2)])
    assert [seq for seq, _ in log.read(info.id)] == [1]


def test_sessions_are_found_by_a_unique_id_prefix(log: EventLog) -> None:
    first, second = new_info(), new_info()
    first.id, second.id = "aa11", "aa22"
    log.create_session(first)
    log.create_session(second)
    assert log.session("aa1").id == "aa11"
    with pytest.raises(KeyError):
        log.session("aa")  # ambiguous
    with pytest.raises(KeyError):
        log.session("zz")
    assert {s.id for s in log.sessions()} == {"aa11", "aa22"}


def test_creating_a_known_session_twice_is_refused(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    with pytest.raises(SessionExists):
        log.create_session(dataclasses.replace(info))


def test_thai_and_cyrillic_text_survives_the_round_trip(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    message = InjectDelivered(t=60, message="M1", inject="call", sender="bank", to=("th-thaicert",),
                              channel="phone", tlp="TLP:AMBER", subject="สายจากธนาคาร",
                              body="Перевод 150 000 ₽ на счёт 40817810…", attachments=("log.csv",))
    log.append(info.id, 0, [message])
    assert log.read(info.id) == [(1, message)]


def test_the_log_caches_last_seq_exercise_time_and_status_from_the_log(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    log.append(info.id, 0, [action(90), action(30)])
    cached = log.session(info.id)
    assert (cached.last_seq, cached.exercise_time, cached.status) == (2, 90, "open")
    log.append(info.id, 2, [SessionEnded(t=3600, wall_at="2025-03-01T10:00:00+00:00")])
    ended = log.session(info.id)
    assert (ended.status, ended.ended_at, ended.exercise_time) == ("ended", "2025-03-01T10:00:00+00:00", 3600)


def test_a_stale_copy_of_the_session_cannot_move_last_seq_back(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    stale = log.session(info.id)
    log.append(info.id, 0, [action(1), action(2)])
    stale.score, stale.score_seq = {"th-thaicert": 50.0}, 2
    log.update_session(stale)
    after = log.session(info.id)
    assert (after.last_seq, after.score, after.score_seq) == (2, {"th-thaicert": 50.0}, 2)


def test_the_cached_columns_can_be_rebuilt_from_the_log(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    log.append(info.id, 0, [action(10), SessionEnded(t=20, wall_at="2025-03-01T10:00:00+00:00")])
    damaged = log.session(info.id)
    damaged.status, damaged.ended_at = "open", None
    log.update_session(damaged)
    rebuilt = log.rebuild_cache(info.id)
    assert (rebuilt.last_seq, rebuilt.exercise_time, rebuilt.status, rebuilt.ended_at) == (
        2, 20, "ended", "2025-03-01T10:00:00+00:00")


def test_sessions_in_one_database_keep_separate_logs(log: EventLog) -> None:
    one, two = new_info(), new_info()
    log.create_session(one)
    log.create_session(two)
    log.append(one.id, 0, [action(1)])
    log.append(two.id, 0, [action(5), action(6)])
    assert [e.t for _, e in log.read(one.id)] == [1]
    assert [seq for seq, _ in log.read(two.id)] == [1, 2]


def test_appending_to_an_unknown_session_is_a_key_error(log: EventLog) -> None:
    with pytest.raises(KeyError):
        log.append("nope", 0, [action(1)])
    assert log.read("nope") == []


def test_a_session_handed_out_is_a_copy_not_the_stored_one(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    info.teams.append("intruder")  # the caller's object is not the store's either
    handed = log.session(info.id)
    handed.status, handed.last_seq = "ended", 99
    handed.score["th-thaicert"] = 100.0
    handed.settings["pack_path"] = "/elsewhere"
    listed = log.sessions()[0]
    listed.teams.clear()
    again = log.session(info.id)
    assert (again.status, again.last_seq, again.score, again.teams) == ("open", 0, {}, ["ru-nccci", "th-thaicert"])
    assert "pack_path" not in again.settings


def test_an_exact_id_wins_over_longer_ids_it_prefixes_and_wildcards_are_plain_text(log: EventLog) -> None:
    for session in ("ab", "abc", "a_c", "a%z"):
        log.create_session(dataclasses.replace(new_info(), id=session))
    assert log.session("ab").id == "ab"  # exact, although "abc" starts with it too
    assert log.session("a_").id == "a_c"  # "_" is no wildcard ("ab", "abc" do not match)
    assert log.session("a%").id == "a%z"
    with pytest.raises(KeyError):
        log.session("a")


def test_a_session_created_with_its_first_events_is_whole_at_once(log: EventLog) -> None:
    info = new_info()
    info.status, info.last_seq, info.exercise_time = "ended", 40, 999  # the caller's claims are ignored
    log.create_session(info, [action(5), action(70)])
    created = log.session(info.id)
    assert (created.last_seq, created.exercise_time, created.status) == (2, 70, "open")
    assert [seq for seq, _ in log.read(info.id)] == [1, 2]
    assert log.append(info.id, 2, [action(80)]) == 3
    with pytest.raises(SessionExists):
        log.create_session(dataclasses.replace(info), [action(1)])
    assert [seq for seq, _ in log.read(info.id)] == [1, 2, 3]


def test_a_command_id_is_unique_per_session_not_across_sessions(log: EventLog) -> None:
    one, two = new_info(), new_info()
    log.create_session(one)
    log.create_session(two)
    log.append(one.id, 0, [action(1), action(2)], command_id="c-1")
    with pytest.raises(CommandRecorded) as recorded:
        log.append(one.id, 2, [action(3)], command_id="c-1")
    assert (recorded.value.first_seq, recorded.value.last_seq) == (1, 2)
    with pytest.raises(CommandRecorded):  # also when the resend's view of the log is stale
        log.append(one.id, 0, [action(1)], command_id="c-1")
    assert log.append(two.id, 0, [action(1)], command_id="c-1") == 1
    assert [seq for seq, _ in log.read(one.id)] == [1, 2]


# ------------------------------------------------------------------------------------------------ seats


def test_a_second_live_host_is_refused_with_a_clear_message(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    log.claim_seat(info.id, HOST_SEAT, "host pid 100", exclusive=True, now=1000.0)
    with pytest.raises(SeatTaken, match="already has a live host: host pid 100"):
        log.claim_seat(info.id, HOST_SEAT, "host pid 200", exclusive=True, now=1005.0)
    # The holder itself may claim again (a restart that kept its name).
    log.claim_seat(info.id, HOST_SEAT, "host pid 100", exclusive=True, now=1006.0)
    assert [(s.seat, s.holder) for s in log.seats(info.id)] == [(HOST_SEAT, "host pid 100")]


def test_a_host_that_stopped_beating_is_replaced_and_learns_it(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    log.claim_seat(info.id, HOST_SEAT, "old host", exclusive=True, stale_after=10, now=1000.0)
    log.heartbeat(info.id, HOST_SEAT, "old host", now=1004.0)
    with pytest.raises(SeatTaken):
        log.claim_seat(info.id, HOST_SEAT, "new host", exclusive=True, stale_after=10, now=1013.0)
    taken = log.claim_seat(info.id, HOST_SEAT, "new host", exclusive=True, stale_after=10, now=1015.0)
    assert taken.holder == "new host"
    with pytest.raises(SeatTaken):
        log.heartbeat(info.id, HOST_SEAT, "old host", now=1016.0)
    assert [s.heartbeat_at for s in log.seats(info.id)] == [1015.0]


def test_a_released_host_seat_is_free_at_once_and_others_cannot_release_it(log: EventLog) -> None:
    info = new_info()
    log.create_session(info)
    log.claim_seat(info.id, HOST_SEAT, "first", exclusive=True, now=1000.0)
    log.release_seat(info.id, HOST_SEAT, "not the holder")
    with pytest.raises(SeatTaken):
        log.claim_seat(info.id, HOST_SEAT, "second", exclusive=True, now=1001.0)
    log.release_seat(info.id, HOST_SEAT, "first")
    assert log.claim_seat(info.id, HOST_SEAT, "second", exclusive=True, now=1001.0).holder == "second"
    assert [(s.seat, s.holder) for s in log.seats(info.id)] == [(HOST_SEAT, "second")]


def test_team_seats_are_listed_by_name_and_kept_per_session(log: EventLog) -> None:
    one, two = new_info(), new_info()
    log.create_session(one)
    log.create_session(two)
    log.claim_seat(one.id, "th-thaicert", "console-2", now=1000.0)
    log.claim_seat(one.id, "ru-nccci", "console-1", now=1000.0)
    log.claim_seat(one.id, "ru-nccci", "console-3", now=1001.0)  # not exclusive: the last sitter is recorded
    assert [(s.seat, s.holder) for s in log.seats(one.id)] == [("ru-nccci", "console-3"), ("th-thaicert", "console-2")]
    assert log.seats(two.id) == []


def test_seats_of_an_unknown_session_cannot_be_claimed(log: EventLog) -> None:
    with pytest.raises(KeyError):
        log.claim_seat("nope", HOST_SEAT, "me", exclusive=True)


# ----------------------------------------------------------------------------------------- live updates


def test_a_waiting_reader_is_told_of_an_append_by_the_store_that_notifies(log: EventLog) -> None:
    import threading
    import time

    info = new_info()
    log.create_session(info)
    if not log.notifies:  # SQLite and the in-memory log: readers poll, the wait tells nothing
        assert log.wait_for_events(info.id, 0, 5.0) is False
        return
    assert log.wait_for_events(info.id, 0, 5.0) is True  # a fresh listener: read once to catch up
    assert log.wait_for_events(info.id, 0, 0.3) is False  # nothing appended
    other = open_log(log._engine.url.render_as_string(hide_password=False))  # type: ignore[attr-defined]
    writer = threading.Timer(0.3, lambda: other.append(info.id, 0, [action(1)]))
    started = time.monotonic()
    writer.start()
    assert log.wait_for_events(info.id, 0, 10.0) is True
    assert time.monotonic() - started < 5.0  # told as the commit landed, not at the timeout
    writer.join()
    assert log.wait_for_events(info.id, 1, 0.3) is False  # that one was seen; another session's append
    other.append(new_session(other).id, 0, [action(1)])  # is no news for this one
    assert log.wait_for_events(info.id, 1, 0.5) is False
    log.close()  # type: ignore[attr-defined]


def new_session(log: EventLog) -> SessionInfo:
    info = new_info()
    log.create_session(info)
    return info
