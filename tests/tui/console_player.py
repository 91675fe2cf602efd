"""Play a pack's script through the consoles, key by key, as a hot-seat trainee and instructor would.

Used by tests/tui/test_playthrough.py (every bundled pack's solution and scripts end with the scorecard
`cyberdrill run` gives) and by bench/tui.py (keystrokes per action). Every action is taken through the team
console: F2 to its seat, `a` (or the message and `r` for a `reply_to`), the action type by typing in the
picker, each field reached with Tab and filled through its widget (dropdowns by type-to-search, tick boxes
with space, checklists with arrows and space, text typed), ctrl+s. The clock moves to each entry's time
with the instructor console's jump key; marks are given with its mark key.

Keystrokes are counted as a person would press them: each character of a text counts one, whether the
driver pressed it or, for a text longer than `PASTE_OVER` characters, pasted it (to keep the test fast).
"""

from __future__ import annotations

import asyncio
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Select, SelectionList, TextArea
from textual.worker import WorkerCancelled

from cyberdrill.engine.fields import field_options
from cyberdrill.pack.model import ActionField, ScriptEntry, format_clock
from cyberdrill.pack.text import render_value
from cyberdrill.tui.forms.action_form import ActionForm
from cyberdrill.tui.forms.picker import ActionPicker
from cyberdrill.tui.instructor.screen import InstructorScreen
from cyberdrill.tui.seats import SeatSwitcher
from cyberdrill.tui.team.inbox import Inbox
from cyberdrill.tui.team.screen import TeamScreen

PASTE_OVER = 12  # texts longer than this are pasted (and still counted a key per character)


@dataclass
class ActionKeys:
    """The keystrokes one action took."""

    team: str
    action: str
    at: int
    keys: int


@dataclass
class ConsolePlayer:
    """Drives one app through Pilot and counts the keys it presses."""

    pilot: Pilot[Any]
    quote: bool = False  # insert values the team has received with the quote picker instead of typing them
    keys: int = 0
    quoted: int = 0  # values inserted with the quote picker
    per_action: list[ActionKeys] = field(default_factory=list)

    @property
    def app(self) -> Any:
        return self.pilot.app

    # ------------------------------------------------------------------------------ keys

    async def press(self, *keys: str) -> None:
        """Press keys as the terminal driver sends them: in a burst, handled in order by the app, then wait
        until they are handled. (Pilot's own press waits for the CPU to be idle after every key: seconds a
        key on a busy machine.) A key that opens a screen ends a burst: what follows goes to the new one."""
        self.keys += len(keys)
        for key in keys:
            if len(key) == 1 and not key.isalnum():
                key = _character_to_key(key)
            try:
                char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
            except KeyError:
                char = key if len(key) == 1 else None
            event = events.Key(key, char)
            event.set_sender(self.app)
            self.app._driver.send_message(event)
        await self.quiet()

    async def until(self, ready: Any, what: str) -> None:
        """Until `ready()` holds (a screen opened, a dropdown shown), for at most a minute."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while loop.time() < deadline:
            if ready():
                return
            await self.quiet()
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what}")

    async def quiet(self) -> None:
        """Until the app, the screen and the focused widget have handled what was sent, twice over (what a
        key makes them send in turn). Pilot's wait visits every widget of the screen: slow on a busy machine."""
        for _ in range(2):
            app = self.app
            await asyncio.gather(*(_drained(node) for node in {app, app.screen, app.focused or app.screen}))

    async def type_text(self, text: str) -> None:
        """Type `text` into the focused widget (pasted when long; counted a key per character)."""
        # Combining marks (Thai vowels and tones) do not arrive as key presses of their own: pasted, as an
        # input method would hand them over.
        if len(text) > PASTE_OVER or any(unicodedata.category(ch).startswith("M") for ch in text):
            self.keys += len(text)
            assert self.app.focused is not None
            self.app.post_message(events.Paste(text))  # as the terminal driver sends it: the app forwards it
            await self.quiet()
            return
        await self.press(*["enter" if ch == "\n" else ch for ch in text])

    async def settle(self) -> None:
        """Until the app's background work (polling the log, ticking the clock) is done."""
        try:
            await self.app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive poll replaced by the next one: nothing was lost
            pass
        await self.quiet()

    # ------------------------------------------------------------------------------ seats and clock

    async def seat(self, mode: str) -> None:
        """F2, then the console `mode` ("instructor", "team-ID") by arrows and enter."""
        if self.app.current_mode == mode and not isinstance(self.app.screen, (ActionForm, ActionPicker)):
            return
        await self.press("f2")
        await self.until(lambda: self.app.screen.query("OptionList"), "the seat switcher")
        modes = [m for m, _ in self.app.seat_modes()]
        options = self.app.screen.query_one("OptionList")
        start = options.highlighted or 0
        target = modes.index(mode)
        step = "down" if target >= start else "up"
        await self.press(*[step] * abs(target - start), "enter")
        await self.until(lambda: self.app.current_mode == mode and not isinstance(self.app.screen, SeatSwitcher),
                         f"the {mode} console")
        await self.settle()

    async def jump(self, to: int) -> None:
        """As the instructor: j, the time written as T+hh:mm, enter."""
        await self.seat("instructor")
        assert isinstance(self.app.screen, InstructorScreen)
        await self.press("j")
        await self.until(lambda: self.app.screen.query("#when"), "the jump dialog")
        await self.press("end", "ctrl+u")
        await self.type_text(format_clock(to))
        await self.press("enter")
        await self.until(lambda: self.app.now == to, f"the clock at {format_clock(to)}")
        await self.settle()
        assert self.app.now == to, f"the clock is at {format_clock(self.app.now)}, not {format_clock(to)}"

    async def start_clock(self) -> None:
        await self.seat("instructor")
        await self.press("space")
        await self.settle()

    async def end(self, at: int) -> None:
        """Move the clock to `at` if it is behind, then x and End."""
        if at > self.app.now:
            await self.jump(at)
        await self.seat("instructor")
        await self.press("x")
        await self.until(lambda: self.app.screen.query("#ok"), "the end dialog")
        await self.press("ctrl+s")
        await self.until(lambda: self.app.live.view.clock.ended, "the session's end")
        await self.settle()

    # ------------------------------------------------------------------------------ script entries

    async def play(self, entries: list[ScriptEntry]) -> None:
        for entry in sorted(entries, key=lambda e: e.at):
            if entry.at > self.app.now:
                await self.jump(entry.at)
            if entry.mark is not None:
                await self.mark(entry)
            else:
                await self.act(entry)

    async def mark(self, entry: ScriptEntry) -> None:
        """As the instructor: the marking queue's row of the team's step, m, points, comment, ctrl+s."""
        await self.seat("instructor")
        screen = self.app.screen
        table = screen.query_one("#marking", DataTable)
        for _ in range(12):
            if self.app.focused is table:
                break
            await self.press("tab")
        assert self.app.focused is table, "the marking queue cannot be reached with Tab"
        rows = [(team, step) for team, step, _ in screen._marking]
        target = rows.index((entry.team, entry.mark))
        moves = target - table.cursor_row
        await self.press(*["down" if moves > 0 else "up"] * abs(moves), "m")
        await self.until(lambda: self.app.screen.query("#points"), "the mark dialog")
        await self.press("end", "ctrl+u")
        await self.type_text(f"{float(entry.points or 0):g}")
        await self.press("tab")
        await self.type_text(entry.comment or "")
        marks = len(self.app.live.drill.state.marks)
        await self.press("ctrl+s")
        await self.until(lambda: len(self.app.live.drill.state.marks) > marks or isinstance(
            self.app.screen, InstructorScreen), "the mark")
        await self.settle()

    def _rendered(self, entry: ScriptEntry) -> dict[str, Any]:
        state = self.app.live.drill.state
        return dict(render_value(entry.fields, {"world": state.world, "attachments": state.attachments}))

    async def act(self, entry: ScriptEntry) -> None:
        before = self.keys
        await self.seat(f"team-{entry.team}")
        assert isinstance(self.app.screen, TeamScreen)
        pack = self.app.live.pack
        spec = pack.actions[entry.action or ""]
        if entry.reply_to is not None:
            message = self.app.live.drill.state.latest[(entry.team, entry.reply_to)]
            inbox = self.app.screen.query_one(Inbox)
            if self.app.focused is not inbox:
                inbox.focus()
            moves = inbox.get_row_index(message) - inbox.cursor_row
            await self.press(*["down" if moves > 0 else "up"] * abs(moves), "enter")
            await self.until(lambda: self.app.screen.reading is not None
                             and self.app.screen.reading.message == message, "the message in the reader")
            await self.press("r")
        else:
            await self.press("a")
        await self.until(lambda: isinstance(self.app.screen, (ActionPicker, ActionForm)), "the action picker")
        if isinstance(self.app.screen, ActionPicker):
            await self.pick(self.app.screen, spec.title)
        form = self.app.screen
        assert isinstance(form, ActionForm) and form.action == entry.action, f"no form for {entry.action}"
        values = self._rendered(entry)
        for name, field_spec in spec.fields.items():
            if name in values:
                await self.fill(form, name, field_spec, values[name])
        await self.press("ctrl+s")
        await self.until(lambda: self.app.screen is not form or form.query_one("#form-error").render().plain,
                         "the form to be sent")
        await self.settle()
        if self.app.screen is form:
            errors = {n: str(form.query_one(f"#error-{n}").render()) for n in spec.fields
                      if form.query_one(f"#error-{n}").display}
            raise AssertionError(f"{format_clock(entry.at)} {entry.team} {entry.action} not sent: {errors} "
                                 f"{form.query_one('#form-error').render()}")
        self.per_action.append(ActionKeys(entry.team, entry.action or "", entry.at, self.keys - before))

    async def pick(self, picker: ActionPicker, title: str) -> None:
        """Type the shortest start of `title` that the picker's search lands on, then enter."""
        labels = [label.casefold() for _, label, _ in picker.choices]
        target = labels.index(title.casefold())
        for n in range(1, len(title) + 1):
            prefix = title[:n].casefold()
            first = next(i for i, label in enumerate(labels) if label.startswith(prefix))
            if first == target:
                break
        await self.type_text(title[:n])
        await self.press("enter")
        await self.until(lambda: isinstance(self.app.screen, ActionForm), "the action form")
        await self.settle()

    async def focus_field(self, form: ActionForm, name: str) -> Widget:
        widget = form.field_widget(name)
        order = [w for w in form.query(".field-row Input, .field-row Select, .field-row TextArea, "
                                       ".field-row Checkbox, .field-row SelectionList") if w.focusable]
        for _ in range(3):
            if self.app.focused is widget:
                return widget
            here = order.index(self.app.focused) if self.app.focused in order else -1
            moves = order.index(widget) - here
            await self.press(*["tab" if moves > 0 else "shift+tab"] * abs(moves))
        raise AssertionError(f"field {name} cannot be reached with Tab")

    async def fill(self, form: ActionForm, name: str, spec: ActionField, value: Any) -> None:
        widget = form.field_widget(name)
        if isinstance(widget, Select):
            if widget.value == value:
                return
            await self.focus_field(form, name)
            await self.choose(widget, spec, str(value))
        elif isinstance(widget, Checkbox):
            if widget.value != bool(value):
                await self.focus_field(form, name)
                await self.press("space")
        elif isinstance(widget, SelectionList):
            await self.focus_field(form, name)
            await self.tick(widget, [str(v) for v in value])
        elif isinstance(widget, TextArea):
            await self.focus_field(form, name)
            if widget.text:
                await self.press("ctrl+a", "backspace")
            await self.write(form, str(value))
            assert widget.text == str(value), f"{name}: {widget.text!r}"
        else:
            assert isinstance(widget, Input)
            text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
            if widget.value == text:
                return
            await self.focus_field(form, name)
            if widget.value:
                await self.press("end", "ctrl+u")
            if isinstance(value, list):
                await self.write_items(form, [str(v) for v in value])
            else:
                await self.write(form, text)
            assert widget.value == text, f"{name}: {widget.value!r}, not {text!r}"
        await self.quiet()

    # ------------------------------------------------------------------------------ quoting

    def _quotable(self, form: ActionForm) -> list[str]:
        return [q.value for q in form.context.quotes] if self.quote else []

    def _worth(self, form: ActionForm, value: str) -> bool:
        """Whether quoting `value` takes fewer keys than typing it (its search keys being keys at all)."""
        keys = self._search_keys(form, value)
        return 2 + len(keys) < len(value) and not any(unicodedata.category(ch).startswith("M") for ch in keys)

    def _search_keys(self, form: ActionForm, value: str) -> str:
        """The shortest start of `value` the quote picker's search lands on (startswith, else contains)."""
        labels = [v.casefold() for v in self._quotable(form)]
        target = labels.index(value.casefold())
        for n in range(1, len(value) + 1):
            prefix = value[:n].casefold()
            found = next((i for i, label in enumerate(labels) if label.startswith(prefix)), None)
            if found is None:
                found = next((i for i, label in enumerate(labels) if prefix in label), None)
            if found == target:
                return value[:n]
        return value

    async def quote_value(self, form: ActionForm, value: str) -> None:
        """ctrl+o, the start of the value, enter: the quote picker inserts it at the cursor."""
        field = self.app.focused
        self.quoted += 1
        await self.press("ctrl+o")
        await self.until(lambda: isinstance(self.app.screen, ActionPicker), "the quote picker")
        await self.press(*self._search_keys(form, value), "enter")
        await self.until(lambda: self.app.screen is form and self.app.focused is field, "the quote inserted")

    async def write(self, form: ActionForm, text: str) -> None:
        """Type `text`, quoting the received values inside it when that saves keys."""
        quotable = sorted((v for v in self._quotable(form) if v in text and self._worth(form, v)), key=len,
                          reverse=True)
        if not quotable:
            await self.type_text(text)
            return
        best = min(((text.find(v), v) for v in quotable), key=lambda found: (found[0], -len(found[1])))
        where, value = best
        await self.type_text(text[:where])
        await self.quote_value(form, value)
        await self.write(form, text[where + len(value):])

    async def write_items(self, form: ActionForm, items: list[str]) -> None:
        """A list field: each item quoted when it is a received value, else typed after a comma."""
        quotable = set(self._quotable(form))
        for n, item in enumerate(items):
            if item in quotable and self._worth(form, item):
                await self.quote_value(form, item)  # the picker adds the comma
            else:
                await self.write(form, f", {item}" if n else item)

    async def choose(self, widget: Select[Any], spec: ActionField, value: str) -> None:
        """Enter opens the dropdown; type the shortest part of the label its search lands on; enter."""
        options = field_options(self.app.live.pack, spec, self.app.screen.context.team,
                                self.app.screen.context.attachments) or []
        label = options[[v for _, v in options].index(value)][0]
        await self.press("enter")
        await self.until(lambda: widget.expanded and self.app.focused is not widget, "the dropdown")
        overlay = self.app.focused
        prompts = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        target = prompts.index(label)
        typed = label
        for n in range(1, len(label) + 1):
            if _search(prompts, label[:n]) == target:
                typed = label[:n]
                break
        await self.press(*typed, "enter")  # the dropdown's search takes keys, not a paste
        await self.until(lambda: not widget.expanded, "the dropdown to close")
        assert widget.value == value, f"{spec.label}: chose {widget.value!r}, not {value!r}"

    async def tick(self, widget: SelectionList[Any], wanted: list[str]) -> None:
        """Arrows to each option to change, space to tick or untick it."""
        values = [widget.get_option_at_index(i).value for i in range(widget.option_count)]
        here = widget.highlighted if widget.highlighted is not None else 0
        if widget.highlighted is None:
            await self.press("down")
            here = widget.highlighted or 0
        for index, value in enumerate(values):
            if (value in widget.selected) == (value in wanted):
                continue
            moves = index - here
            await self.press(*["down" if moves > 0 else "up"] * abs(moves), "space")
            here = index
        assert sorted(widget.selected) == sorted(wanted), f"ticked {widget.selected}, not {wanted}"


async def _drained(node: Any) -> None:
    """Until `node` has handled the messages queued before this call."""
    done = asyncio.Event()
    if node.call_later(done.set):
        await asyncio.wait_for(done.wait(), 30)


def _search(labels: list[str], query: str) -> int | None:
    """The option a Select's type-to-search lands on: the earliest match position wins (Textual's rule)."""
    best, where = None, None
    for index, label in enumerate(labels):
        found = label.lower().find(query.lower())
        if found != -1 and (where is None or found < where):
            best, where = index, found
    return best
