"""The attachment viewer: a log, a statement or an e-mail as text (control characters stripped), with
search; the header shows the SHA-256 recorded when the session started."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Label, TextArea
from textual.widgets.text_area import Selection

from cyberdrill.engine.queries import recorded_digest
from cyberdrill.i18n import _
from cyberdrill.tui.inert import inert
from cyberdrill.tui.team.team_keys import ATTACHMENT_KEYS
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """(line, column) of every case-insensitive occurrence of `needle` in `text`."""
    if not needle:
        return []
    needle = needle.lower()
    found: list[tuple[int, int]] = []
    for row, line in enumerate(text.splitlines()):
        lowered = line.lower()
        start = lowered.find(needle)
        while start >= 0:
            found.append((row, start))
            start = lowered.find(needle, start + 1)
    return found


class AttachmentScreen(Screen[None]):
    """Read one attachment; type in the search box to jump between matches (enter: next)."""

    CSS_PATH = "team.tcss"
    BINDINGS = ATTACHMENT_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self, name: str, search: bool = False) -> None:
        super().__init__()
        self.attachment = name
        self.start_in_search = search
        self.matches: list[tuple[int, int]] = []
        self.current = -1

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        with Horizontal(id="search-bar"):
            yield Label(_("Search"), classes="dim")
            yield Input(placeholder=_("text to find (enter: next match)"), id="search", compact=True)
            yield Label("", id="matches")
        yield TextArea("", id="attachment-text", read_only=True, soft_wrap=False, show_line_numbers=True)
        yield DrillFooter()

    def on_mount(self) -> None:
        live = self.app.live
        text = inert(live.attachment_text(self.attachment)).plain
        # the digest recorded when the session started: what the steps score, whatever the file says now
        digest = recorded_digest(live.view.state, self.attachment)
        header = self.query_one(DrillHeader)
        header.title = inert(f"{self.attachment} · {live.attachment_title(self.attachment)}").plain
        header.clock = f"SHA-256 {inert(digest[:16]).plain}…" if digest else _("SHA-256 not recorded")
        area = self.query_one(TextArea)
        area.load_text(text)
        area.border_title = inert(self.attachment)
        (self.query_one("#search") if self.start_in_search else area).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search").focus()

    @on(Input.Changed, "#search")
    def search(self, event: Input.Changed) -> None:
        self.matches = find_all(self.query_one(TextArea).text, event.value)
        self.current = -1
        self.action_next()

    @on(Input.Submitted, "#search")
    def next_from_input(self) -> None:
        self.action_next()

    def action_next(self) -> None:
        self._go(1)

    def action_previous(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        label = self.query_one("#matches", Label)
        needle = self.query_one("#search", Input).value
        if not self.matches:
            label.update(_("no match") if needle else "")
            return
        self.current = (self.current + step) % len(self.matches)
        row, col = self.matches[self.current]
        area = self.query_one(TextArea)
        area.selection = Selection((row, col), (row, col + len(needle)))
        area.scroll_cursor_visible(center=True)
        label.update(_("{n} of {total}").format(n=self.current + 1, total=len(self.matches)))
