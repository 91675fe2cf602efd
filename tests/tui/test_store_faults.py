"""The database goes away under a console (issue 12, item 7): the seat is told, nothing crashes, the poll
retries with backoff, and the console works again when the database is back."""

from __future__ import annotations

from typing import Any

from tui_helpers import screen_text, settle, start_session

from cyberdrill.engine.commands import StartClock
from cyberdrill.store.base import MemoryLog
from cyberdrill.store.errors import StoreUnavailable
from cyberdrill.tui.instructor.screen import InstructorScreen


class RefusingLog(MemoryLog):
    """An in-memory log that refuses every read and write while `down`, as a database that stopped
    accepting connections does; it counts the attempts."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.attempts = 0

    def _gate(self) -> None:
        if self.down:
            self.attempts += 1
            raise StoreUnavailable("cannot open the database: connection refused")

    def append(self, session: str, expected_seq: int, events: list[Any], command_id: str | None = None) -> int:
        self._gate()
        return super().append(session, expected_seq, events, command_id)

    def read(self, session: str, after_seq: int = 0) -> list[Any]:
        self._gate()
        return super().read(session, after_seq)


def header(app) -> str:  # type: ignore[no-untyped-def]
    return screen_text(app).splitlines()[0]


async def test_the_seat_says_the_database_is_unreachable_retries_with_backoff_and_recovers(make_app) -> None:
    log = RefusingLog()
    app = make_app(log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        assert isinstance(app.screen, InstructorScreen)
        log.down = True
        try:
            await app.send(StartClock)
        except StoreUnavailable:
            pass
        else:
            raise AssertionError("send must raise StoreUnavailable when the database cannot be reached")
        await pilot.press("space")  # the same through the key: the console stays up
        await pilot.pause()
        assert isinstance(app.screen, InstructorScreen)
        assert "database unreachable, retrying" in header(app)
        assert not app.live.view.clock.started  # nothing was recorded
        before = log.attempts
        await pilot.pause(3.0)
        polls = log.attempts - before
        assert 1 <= polls <= 4, polls  # every 0.4 s without backoff would be 7 or more
        log.down = False
        for _ in range(150):
            await pilot.pause(0.1)
            if "database unreachable" not in header(app):
                break
        assert "database unreachable" not in header(app)
        await pilot.press("space")
        await settle(pilot)
        assert app.live.view.clock.started
