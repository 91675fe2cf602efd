"""The inbox: messages delivered to the team, newest first, unread ones marked.

Rows are only ever added (a message, once delivered, stays) and re-marked when read, so a new message
costs one row and a sort, not a rebuild of the table: the latency of a reply does not grow with the inbox.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from cyberdrill.engine.events import InjectDelivered
from cyberdrill.i18n import N_, _
from cyberdrill.pack.model import Pack
from cyberdrill.tui.inert import inert
from cyberdrill.tui.view import clock_text, party_name, without_label
from cyberdrill.tui.widgets.tlp import tlp_badge
from cyberdrill.tui.width import clip, pad

FROM_WIDTH = 14
TLP_WIDTH = 11  # ' TLP:AMBER ': a longer label (TLP:AMBER+STRICT) pushes its subject right
TIME_WIDTH = 7  # 'T+01:25': the inbox shows whole minutes (the reader shows a message's seconds)
SUBJECT_CELLS = 300  # more than any panel shows; a longer subject is read in the reader


def row_text(time: str, sender: str, tlp: Text, subject: str, unread: bool) -> Text:
    """One inbox line, laid out by hand: a single cell per row is five times cheaper to draw than one
    cell per column, and the table redraws every visible row whenever a message arrives. Sender and
    subject are data (never markup); the subject is cut at SUBJECT_CELLS, the row at the panel's edge."""
    sender = inert(sender).plain
    subject = inert(subject[: SUBJECT_CELLS + 1]).plain
    if len(subject) > SUBJECT_CELLS:
        subject = subject[: SUBJECT_CELLS - 1] + "…"
    line = Text.assemble(
        ("●", "bold dodger_blue2") if unread else " ",
        f" {time:<{TIME_WIDTH}}  ",
        pad(clip(sender, FROM_WIDTH), FROM_WIDTH),  # cells, not code points: Thai marks take none
        "  ",
        tlp,
        " " * max(TLP_WIDTH - tlp.cell_len, 0),
        "  ",
        (subject, "bold" if unread else ""),
        no_wrap=True,
        overflow="ellipsis",
    )
    return line


class Stamp(Text):
    """A row of the inbox: its line, and the message's arrival order, the sort key (two messages at the
    same minute keep the order they arrived in)."""

    def __init__(self, line: Text, order: int) -> None:
        super().__init__()
        self.append_text(line)
        self.no_wrap = True
        self.overflow = "ellipsis"
        self.order = order


class Inbox(DataTable[Text | str]):
    """A table of messages. The console adds them with `add_messages` and re-marks them with `mark`;
    highlighting a row posts `Opened`. Home and End go to the newest and the oldest message (the table
    has one column, so its own Home/End, to the first and last column, would do nothing)."""

    BINDINGS = [
        Binding("home", "scroll_top", N_("Newest"), show=False),
        Binding("end", "scroll_bottom", N_("Oldest"), show=False),
    ]

    class Opened(Message):
        """The trainee moved to (or clicked) a message."""

        def __init__(self, message_id: str) -> None:
            super().__init__()
            self.message_id = message_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._rows: dict[str, tuple[int, InjectDelivered, str]] = {}  # id -> (order, message, sender name)
        self._unread: set[str] = set()  # rows currently drawn as unread
        # The row the table highlights by itself when the first message arrives: not opened (nor marked
        # read) until the trainee moves to it, presses enter or clicks it.
        self._auto: str | None = None

    def on_mount(self) -> None:
        header = "  {time}  {sender}  {tlp}  {subject}".format(
            time=pad(_("Time"), TIME_WIDTH), sender=pad(_("From"), FROM_WIDTH), tlp=pad("TLP", TLP_WIDTH),
            subject=_("Subject"))
        self.add_column(header, key="message")  # the channel is in the reader's first line

    def add_messages(self, pack: Pack, messages: list[InjectDelivered], unread: set[str]) -> None:
        """Add the messages not shown yet (in the order they arrived), newest on top; the cursor stays on
        the message it was on."""
        new = [m for m in messages if m.message not in self._rows]
        if not new:
            return
        current = self.current_message
        for m in new:
            is_unread = m.message in unread
            self._rows[m.message] = (len(self._rows), m, party_name(pack, m.sender))
            self.add_row(self._line(m.message, is_unread), key=m.message)
            if is_unread:
                self._unread.add(m.message)
        self.sort("message", key=lambda stamp: stamp.order, reverse=True)
        self._drop_stale_renders()
        if current is not None:
            self.move_cursor(row=self.get_row_index(current))
        else:
            self._auto = self.current_message

    def mark(self, unread: set[str]) -> None:
        """Redraw the rows whose read state changed (only those)."""
        for message_id in self._unread ^ (unread & self._rows.keys()):
            self.update_cell(message_id, "message", self._line(message_id, message_id in unread))
        self._unread = unread & self._rows.keys()
        self._drop_stale_renders()

    def _drop_stale_renders(self) -> None:
        """Every change to a DataTable's rows makes all its cached renders unreachable (they are keyed by
        an update count), yet they stay in its caches (up to 10,000 cells) until evicted: a heap that grows
        with each message makes every full garbage collection slower. The visible rows are redrawn
        anyway."""
        self._clear_caches()

    def _line(self, message_id: str, unread: bool) -> Stamp:
        order, m, sender = self._rows[message_id]
        subject = without_label(m.subject, m.tlp)
        return Stamp(row_text(clock_text(m.t), sender, tlp_badge(m.tlp), subject, unread), order)

    @property
    def current_message(self) -> str | None:
        """The message under the cursor."""
        if not self.row_count or not 0 <= self.cursor_row < self.row_count:
            return None
        value = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value
        if key is None or key != self.current_message:
            return  # stale: rows were added and sorted since it was posted; the cursor is elsewhere now
        if key == self._auto:
            return  # the table's own highlight of the newest message, not the trainee's
        # once the trainee has moved, the row the table highlighted by itself opens like any other
        self._auto = None
        self.post_message(self.Opened(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(event.row_key.value))
