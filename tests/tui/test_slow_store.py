"""A slow database never freezes a console: a send is written from a worker thread, and the console keeps
handling keys and ticking its timers while the store takes its time (a link across two countries)."""

from __future__ import annotations

import threading
from typing import Any

from textual.pilot import Pilot
from tui_helpers import screen_text, settle, start_session

from cyberdrill.engine.commands import StartClock
from cyberdrill.engine.events import ActionTaken, ClockStarted
from cyberdrill.store.base import MemoryLog
from cyberdrill.tui.forms.action_form import ActionForm
from cyberdrill.tui.help import HelpScreen
from cyberdrill.tui.instructor.screen import InstructorScreen

HELD_AT_MOST_S = 20.0  # the store answers at the latest after this, so a frozen console fails rather than hangs


class SlowLog(MemoryLog):
    """An in-memory log whose appends, once `hold()` is called, wait until `release()` (a database
    that answers a commit only after a long while)."""

    def __init__(self) -> None:
        super().__init__()
        self._gate = threading.Event()
        self._gate.set()
        self.waiting = threading.Event()  # an append is held right now

    def hold(self) -> None:
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def append(self, session: str, expected_seq: int, events: list[Any], command_id: str | None = None) -> int:
        if not self._gate.is_set():
            self.waiting.set()
            self._gate.wait(HELD_AT_MOST_S)
            self.waiting.clear()
        return super().append(session, expected_seq, events, command_id)


async def until(pilot: Pilot, ready: Any, seconds: float = 20.0) -> bool:  # type: ignore[type-arg]
    for _ in range(int(seconds / 0.05)):
        if ready():
            return True
        await pilot.pause(0.05)
    return bool(ready())


async def test_the_instructor_console_stays_live_while_the_store_holds_a_send(make_app: Any) -> None:
    log = SlowLog()
    app = make_app(log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        assert isinstance(app.screen, InstructorScreen)
        log.hold()
        await pilot.press("space")  # start the clock: the append now waits for the store
        assert await until(pilot, log.waiting.is_set)
        ticked: list[int] = []
        app.set_interval(0.05, lambda: ticked.append(1))
        await pilot.press("f1")  # a key is handled meanwhile: the help opens
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert await until(pilot, lambda: len(ticked) >= 3)  # and timers tick
        assert log.waiting.is_set(), "the send finished before the console answered the key"
        assert not app.live.view.clock.started  # nothing recorded yet, nothing shown as done
        await pilot.press("escape")
        log.release()
        assert await until(pilot, lambda: app.live.view.clock.started)
        assert [e for _, e in log.read(app.live.id) if isinstance(e, ClockStarted)]


async def test_a_form_sends_from_a_worker_and_closes_when_the_slow_store_answers(make_app: Any) -> None:
    log = SlowLog()
    app = make_app(log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await app.send(StartClock)
        await pilot.press("f2", "down", "enter")  # the Thai team's console (hot-seat)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Write a situ", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, ActionForm))
        form = app.screen
        assert isinstance(form, ActionForm)
        form.field_widget("report").focus()
        await pilot.press(*"Mule account found")
        log.hold()
        await pilot.press("ctrl+s")
        assert await until(pilot, log.waiting.is_set)
        assert "Sending…" in screen_text(app)
        await pilot.press("ctrl+s", "escape")  # a second send or a cancel waits for the first's answer
        assert app.screen is form
        await pilot.press("f1")  # the console answers keys meanwhile
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert log.waiting.is_set()
        await pilot.press("escape")
        log.release()
        assert await until(pilot, lambda: app.screen is not form)
        taken = [e for _, e in log.read(app.live.id) if isinstance(e, ActionTaken)]
        assert len(taken) == 1 and "Mule account found" in str(taken[0].fields)
