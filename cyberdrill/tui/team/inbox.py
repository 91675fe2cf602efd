"""The inbox: messages delivered to the team, newest first, unread ones marked."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from cyberdrill.engine.events import InjectDelivered
from cyberdrill.pack.model import Pack, format_clock
from cyberdrill.tui.view import channel_name, party_name
from cyberdrill.tui.widgets.tlp import tlp_badge


class Inbox(DataTable[Text | str]):
    """A table of messages. The console sets them with `show`; highlighting a row posts `Opened`."""

    class Opened(Message):
        """The trainee moved to (or clicked) a message."""

        def __init__(self, message_id: str) -> None:
            super().__init__()
            self.message_id = message_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._shown: list[str] = []
        # The row the table highlights by itself when the first message arrives: not opened (nor marked
        # read) until the trainee moves to it, presses enter or clicks it.
        self._auto: str | None = None

    def on_mount(self) -> None:
        self.add_column(" ", key="unread", width=1)
        self.add_column("Time", key="time", width=7)
        self.add_column("From", key="from", width=14)
        self.add_column("TLP", key="tlp")
        self.add_column("Channel", key="channel", width=12)
        self.add_column("Subject", key="subject")

    def show(self, pack: Pack, messages: list[InjectDelivered], unread: set[str]) -> None:
        """Replace the rows, keeping the cursor on the message it was on."""
        current = self.current_message
        ids = [m.message for m in messages]
        if ids == self._shown:
            for m in messages:
                self.update_cell(m.message, "unread", self._mark(m.message in unread))
            return
        self.clear()
        for m in messages:
            self.add_row(
                self._mark(m.message in unread),
                format_clock(m.t),
                party_name(pack, m.sender),
                tlp_badge(m.tlp),
                channel_name(pack, m.channel),
                Text(m.subject, style="bold" if m.message in unread else ""),
                key=m.message,
            )
        self._shown = ids
        if current in ids:
            self.move_cursor(row=ids.index(current))
        elif ids:
            self._auto = ids[0]

    @staticmethod
    def _mark(unread: bool) -> Text:
        return Text("●", style="bold dodger_blue2") if unread else Text(" ")

    @property
    def current_message(self) -> str | None:
        if not self._shown or self.cursor_row < 0 or self.cursor_row >= len(self._shown):
            return None
        return self._shown[self.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key == self._auto:
            self._auto = None
            return
        if key is not None:
            self.post_message(self.Opened(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(event.row_key.value))
