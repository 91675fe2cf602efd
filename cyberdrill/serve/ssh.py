"""SSH seats: `ssh TEAM@HOST -p PORT` with the team's access code as password opens that team's console.

asyncssh is the server. Password logins only (the username is the seat: a team id, or `instructor` with
the session's passphrase); each channel runs the seat's console in a PTY on this machine (pty.fork,
then exec of cyberdrill.serve.seat_app) and relays bytes both ways, window changes included. Nothing
else is offered: no shell, no exec of a command, no subsystem, no port or agent or X11 forwarding.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import pty
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable

import asyncssh

from cyberdrill.serve.access import check_login
from cyberdrill.serve.hostkey import host_key

Checker = Callable[[str, str], bool]  # (seat, secret) -> let in


class SeatServer(asyncssh.SSHServer):
    """One SSH connection: password authentication against the session's codes; no forwarding."""

    def __init__(self, check: Checker) -> None:
        self.check = check

    def begin_auth(self, username: str) -> bool:
        return True  # always ask: no seat opens without its code

    def password_auth_supported(self) -> bool:
        return True

    def public_key_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    async def validate_password(self, username: str, password: str) -> bool:
        # scrypt and a database read: off the event loop, so other seats stay live meanwhile.
        try:
            return await asyncio.get_running_loop().run_in_executor(None, self.check, username, password)
        except Exception:  # an unknown session or an unreachable database lets nobody in
            return False

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        return False  # no local port forwarding (direct-tcpip)

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False  # no remote port forwarding

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


def seat_command(session: str, seat: str, packs: str | None) -> list[str]:
    """The argv of a seat's console process."""
    argv = [sys.executable, "-m", "cyberdrill.serve.seat_app", session, "--seat", seat]
    return argv + (["--packs", packs] if packs else [])


def _set_size(fd: int, width: int, height: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height or 24, width or 80, 0, 0))


class SeatRelay:
    """Runs one seat's console in a PTY and relays it to an SSH channel."""

    def __init__(self, session: str, packs: str | None) -> None:
        self.session = session
        self.packs = packs
        self.children: set[int] = set()

    async def handle(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        """The process factory: refuse commands and PTY-less sessions, else run the seat."""
        if process.command is not None or process.subsystem is not None:
            process.stderr.write(b"cyberdrill serve: this seat runs no commands; connect without one\r\n")
            process.exit(1)
            return
        if process.get_terminal_type() is None:
            process.stderr.write(b"cyberdrill serve: a seat needs a terminal (ssh -t)\r\n")
            process.exit(1)
            return
        seat = process.get_extra_info("username")
        width, height, _, _ = process.get_terminal_size()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the seat's console
            env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
            try:
                os.execve(sys.executable, seat_command(self.session, seat, self.packs), env)
            finally:
                os._exit(127)
        self.children.add(pid)
        _set_size(fd, width, height)
        await self._relay(process, fd)
        status = await asyncio.get_running_loop().run_in_executor(None, self._reap, pid)
        with contextlib.suppress(OSError):
            os.close(fd)
        process.exit(status)

    async def _relay(self, process: asyncssh.SSHServerProcess[bytes], fd: int) -> None:
        loop = asyncio.get_running_loop()
        done = loop.create_future()

        def readable() -> None:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if data:
                try:
                    process.stdout.write(data)
                    return
                except (BrokenPipeError, ConnectionError):  # the client left
                    pass
            if not done.done():
                done.set_result(None)

        loop.add_reader(fd, readable)

        async def pump() -> None:
            while True:
                try:
                    data = await process.stdin.read(65536)
                except asyncssh.TerminalSizeChanged as change:
                    _set_size(fd, change.width, change.height)
                    continue
                except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                    continue
                if not data:
                    return
                with contextlib.suppress(OSError):
                    os.write(fd, data)

        typing = asyncio.ensure_future(pump())
        try:
            await asyncio.wait([typing, done], return_when=asyncio.FIRST_COMPLETED)
        finally:
            loop.remove_reader(fd)
            typing.cancel()

    def _reap(self, pid: int) -> int:
        """Wait for a seat's console to end, hanging it up (then harder) if the client left first; its
        exit status."""
        for sig in (None, signal.SIGHUP, signal.SIGTERM, signal.SIGKILL):
            if sig is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            for _ in range(20):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    self.children.discard(pid)
                    return os.waitstatus_to_exitcode(status) & 0xFF
                time.sleep(0.05)
        os.waitpid(pid, 0)
        self.children.discard(pid)
        return 1

    def hang_up_all(self) -> None:
        """Stop every seat's console (serve is stopping)."""
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGHUP)


async def start_ssh(host: str, port: int, session: str, log_check: Checker | None = None,
                    packs: str | None = None, db: str | None = None) -> tuple[asyncssh.SSHAcceptor, SeatRelay]:
    """Listen for SSH seats of `session` on host:port (port 0: any free port; see `.get_port()`)."""
    if log_check is None:
        from cyberdrill.store import open_log

        log = open_log(db)

        def log_check(seat: str, secret: str) -> bool:
            return check_login(log, session, seat, secret)

    check = log_check
    relay = SeatRelay(session, packs)
    acceptor = await asyncssh.create_server(
        lambda: SeatServer(check), host, port, server_host_keys=[host_key()], process_factory=relay.handle,
        encoding=None, line_editor=False, allow_pty=True, agent_forwarding=False, x11_forwarding=False,
        allow_scp=False, sftp_factory=None, login_timeout=60, keepalive_interval=30,
    )
    return acceptor, relay
