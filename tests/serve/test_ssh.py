"""SSH seats: a team's code opens that team's console in a PTY, and nothing else opens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pytest
from conftest import MINI
from seat_client import CTRL_S, DOWN, ENTER, SeatTerminal, choose

from cyberdrill.engine.commands import FireInject, JumpClock
from cyberdrill.engine.events import ActionTaken
from cyberdrill.pack.load import load_pack
from cyberdrill.serve.access import issue_codes
from cyberdrill.serve.ssh import start_ssh
from cyberdrill.service import DrillService, passphrase_settings, wall_now
from cyberdrill.store.base import EventLog


@pytest.fixture
async def served(log: EventLog, session: str, db_url: str, monkeypatch: pytest.MonkeyPatch
                 ) -> AsyncIterator[tuple[int, dict[str, str]]]:
    """SSH seats of the session on a free port of 127.0.0.1, and each team's code."""
    monkeypatch.setenv("CYBERDRILL_DB", db_url)
    codes = issue_codes(log, session, ["th-cert", "ru-cert"])
    acceptor, relay = await start_ssh("127.0.0.1", 0, session, db=db_url)
    yield acceptor.get_port(), codes
    relay.hang_up_all()
    acceptor.close()
    await acceptor.wait_closed()


async def connect(port: int, user: str, password: str) -> asyncssh.SSHClientConnection:
    return await asyncssh.connect("127.0.0.1", port, username=user, password=password, known_hosts=None,
                                  client_keys=None, agent_path=None)


async def test_a_team_seat_shows_its_own_inbox_and_its_action_gets_the_reply(
        log: EventLog, session: str, served: tuple[int, dict[str, str]]) -> None:
    port, codes = served
    instructor = DrillService(log, load_pack(MINI)).open(session)
    instructor.execute(FireInject(at=0, inject="victim-call"))  # to th-cert
    instructor.execute(FireInject(at=0, inject="preservation-ask"))  # to ru-cert
    async with SeatTerminal(port, "ru-cert", codes["ru-cert"]) as seat:
        await seat.wait_for("Please preserve")
        shown = await seat.wait_for("Russian")  # the header may be painted a frame after the inbox
        assert "Russian" in shown.splitlines()[0]  # the header names the seat's team
        assert "Customer" not in shown and "reports a" not in shown  # another team's traffic is not on this seat
        # the served seat has no launcher and no seat switcher
        await seat.type("\x0c", "\x1bOQ")
        assert "Back to the launcher" not in seat.text and "Please preserve" in seat.text
        # notify the Thai 24/7 point of contact, typed as a trainee would
        await seat.type("a")
        await seat.wait_for("What do you do?")
        await seat.type(DOWN, DOWN, DOWN, DOWN, ENTER)
        await seat.wait_for("Point of contact")
        await choose(seat, "Thailand")
        await choose(seat, "Telephone")
        await seat.type("Phishing panel found; preservation asked", pause=0.02)
        await seat.type(CTRL_S)
        await seat.wait_for("sent (A")
        instructor.refresh()
        (taken,) = [e for e in instructor.log.read(session) if isinstance(e[1], ActionTaken)]
        assert taken[1].team == "ru-cert" and taken[1].action == "notify_partner"
        # the instructor moves the clock past the reply's delay: the seat shows the reply
        instructor.execute(JumpClock(at=instructor.state.t, to=instructor.state.t + 11 * 60, wall_at=wall_now()))
        await seat.wait_for("Thank you for the")


async def test_a_wrong_code_and_another_teams_code_are_refused(served: tuple[int, dict[str, str]]) -> None:
    port, codes = served
    tries = [("th-cert", codes["ru-cert"]), ("ru-cert", codes["th-cert"]), ("th-cert", "0000-0000-0000-0000"),
             ("th-cert", ""), ("th-bank", codes["th-cert"]), ("instructor", codes["th-cert"])]
    for user, password in tries:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(port, user, password)


async def test_no_command_shell_subsystem_or_forwarding_is_possible(served: tuple[int, dict[str, str]]) -> None:
    port, codes = served
    async with await connect(port, "th-cert", codes["th-cert"]) as conn:
        ran = await conn.run("echo pwned; id", term_type="xterm")
        assert ran.exit_status == 1 and "pwned" not in str(ran.stdout) and "uid=" not in str(ran.stdout)
        assert "runs no commands" in str(ran.stderr)
        plain = await conn.run()  # a session without a terminal is no seat
        assert plain.exit_status == 1 and "needs a terminal" in str(plain.stderr)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", port)  # local forwarding
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", port)  # remote forwarding
        with pytest.raises((asyncssh.SFTPError, asyncssh.ChannelOpenError)):
            await conn.start_sftp_client()


async def test_the_instructor_seat_needs_the_session_passphrase(log: EventLog, session: str,
                                                                served: tuple[int, dict[str, str]]) -> None:
    port, _ = served
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(port, "instructor", "")  # a session without a passphrase opens no instructor seat
    info = log.session(session)
    info.settings = {**info.settings, **passphrase_settings("correct horse battery")}
    log.update_session(info)
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(port, "instructor", "wrong horse")
    async with SeatTerminal(port, "instructor", "correct horse battery") as seat:
        shown = await seat.wait_for("INSTRUCTOR")
        assert session[:8] in shown


def test_the_host_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    from cyberdrill.serve.hostkey import fingerprint, host_key_path

    first = fingerprint()
    assert fingerprint() == first and host_key_path().stat().st_mode & 0o077 == 0
    assert str(host_key_path()).startswith(str(tmp_path))
