"""Seats: one live clock host per session; the instructor's passphrase."""

from __future__ import annotations

import pytest
from store_builders import new_info

from cyberdrill.store import open_log
from cyberdrill.store.seats import HOST_SEAT, SeatTaken, hash_passphrase, verify_passphrase


def test_a_passphrase_verifies_and_a_wrong_one_does_not() -> None:
    stored = hash_passphrase("bangkok-moscow 2025")
    assert verify_passphrase("bangkok-moscow 2025", stored)
    assert not verify_passphrase("bangkok-moscow 2024", stored)
    assert not verify_passphrase("", stored)
    assert "bangkok" not in stored


def test_the_same_passphrase_hashes_differently_each_time() -> None:
    # A random salt: two sessions with one passphrase do not share a hash.
    assert hash_passphrase("drill") != hash_passphrase("drill")


@pytest.mark.parametrize("stored", ["", "plain-text", "scrypt$x$8$1$00$00", "md5$1$2$3$4$5"])
def test_a_malformed_stored_hash_verifies_nothing(stored: str) -> None:
    assert not verify_passphrase("drill", stored)


def test_a_second_live_host_is_refused_with_a_clear_message(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    log.claim_seat(info.id, HOST_SEAT, "host pid 100", exclusive=True, now=1000.0)
    with pytest.raises(SeatTaken, match="already has a live host: host pid 100"):
        log.claim_seat(info.id, HOST_SEAT, "host pid 200", exclusive=True, now=1005.0)
    # The holder itself may claim again (a restart that kept its name).
    log.claim_seat(info.id, HOST_SEAT, "host pid 100", exclusive=True, now=1006.0)


def test_a_host_that_stopped_beating_is_replaced_and_learns_it(db_url: str) -> None:
    log = open_log(db_url)
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


def test_a_released_host_seat_is_free_at_once(db_url: str) -> None:
    log = open_log(db_url)
    info = new_info()
    log.create_session(info)
    log.claim_seat(info.id, HOST_SEAT, "first", exclusive=True, now=1000.0)
    log.release_seat(info.id, HOST_SEAT, "first")
    assert log.claim_seat(info.id, HOST_SEAT, "second", exclusive=True, now=1001.0).holder == "second"
    assert [(s.seat, s.holder) for s in log.seats(info.id)] == [(HOST_SEAT, "second")]


def test_seats_of_an_unknown_session_cannot_be_claimed(db_url: str) -> None:
    with pytest.raises(KeyError):
        open_log(db_url).claim_seat("nope", HOST_SEAT, "me", exclusive=True)
