"""The instructor's passphrase. The seats themselves (one live clock host per session) are part of the
EventLog contract: tests/store/test_log.py runs them over every store."""

from __future__ import annotations

import pytest

from cyberdrill.store.seats import hash_passphrase, verify_passphrase


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
