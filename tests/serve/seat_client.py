"""An SSH seat as a trainee sees it: an asyncssh client in a PTY whose output a pyte screen draws."""

from __future__ import annotations

import asyncio
from types import TracebackType

import asyncssh
import pyte

DOWN, ENTER, TAB, CTRL_Q, CTRL_S = "\x1b[B", "\r", "\t", "\x11", "\x13"


class SeatTerminal:
    """`async with SeatTerminal(port, user, password) as seat:` then `await seat.wait_for("Inbox")`,
    `await seat.type("a")`; `seat.text` is the screen as text."""

    def __init__(self, port: int, user: str, password: str, size: tuple[int, int] = (120, 40)) -> None:
        self.port, self.user, self.password, self.size = port, user, password, size
        self.screen = pyte.Screen(*size)
        self.stream = pyte.Stream(self.screen)
        self._conn: asyncssh.SSHClientConnection | None = None
        self.process: asyncssh.SSHClientProcess[str] | None = None

    async def __aenter__(self) -> SeatTerminal:
        self._conn = await asyncssh.connect("127.0.0.1", self.port, username=self.user, password=self.password,
                                            known_hosts=None, client_keys=None, agent_path=None)
        self.process = await self._conn.create_process(term_type="xterm-256color", term_size=self.size,
                                                       encoding="utf-8")
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        if self.process is not None:
            self.process.stdin.write(CTRL_Q)
            await self.pump(0.3)
        if self._conn is not None:
            self._conn.close()
            await self._conn.wait_closed()

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def pump(self, seconds: float) -> None:
        """Draw what arrives for `seconds`."""
        assert self.process is not None
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            try:
                data = await asyncio.wait_for(self.process.stdout.read(65536), max(0.01, min(0.2, end - loop.time())))
            except TimeoutError:
                continue
            if not data:
                return
            self.stream.feed(data)

    async def wait_for(self, text: str, seconds: float = 60.0) -> str:
        """The screen once it shows `text`; AssertionError with the screen when it does not in time."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            if text in self.text:
                return self.text
            await self.pump(0.1)
        raise AssertionError(f"{text!r} not on the screen after {seconds:g} s:\n{self.text}")

    async def type(self, *keys: str, pause: float = 0.3) -> None:
        """Press keys one after another (a string of characters is typed as one key each)."""
        assert self.process is not None
        for key in keys:
            self.process.stdin.write(key)
            await self.pump(pause)


async def choose(seat: SeatTerminal, option: str) -> None:
    """In a focused Select: open it, type the start of `option`, take it, go to the next field."""
    await seat.type(ENTER)
    await seat.type(option, pause=0.05)
    await seat.type(ENTER, TAB)
