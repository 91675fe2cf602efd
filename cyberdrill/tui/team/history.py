"""Sent items and the team's own timeline (what it received and did, nothing of other teams)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from cyberdrill.engine.events import ActionTaken, InjectDelivered
from cyberdrill.engine.queries import ReplyStatus, reply_statuses
from cyberdrill.i18n import _
from cyberdrill.pack.model import format_clock
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.team.team_keys import HISTORY_KEYS
from cyberdrill.tui.view import channel_name, party_name
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader
from cyberdrill.tui.widgets.tables import refill
from cyberdrill.tui.widgets.tlp import tlp_badge

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp

CELL_CHARS = 300  # a subject in a table cell is cut here (the reader shows it whole)


def cell(text: str) -> Text:
    """Trainee or pack text for a table cell: data, never markup, and not longer than CELL_CHARS."""
    shown = inert(text[: CELL_CHARS + 1])
    if len(shown) > CELL_CHARS:
        shown = shown[: CELL_CHARS - 1] + "…"
    return shown


class HistoryScreen(Console):
    """Two tabs: Sent (the team's actions and whether they were answered) and Timeline."""

    CSS_PATH = "team.tcss"
    BINDINGS = HISTORY_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self, team: str, tab: str = "sent") -> None:
        super().__init__()
        self.team = team
        self.tab = tab
        self._rows: dict[str, list[tuple[str | None, tuple[str | Text, ...]]]] = {}  # table -> rows shown

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        with TabbedContent(initial=self.tab):
            with TabPane(_("Sent"), id="sent"):
                yield DataTable(id="sent-table", cursor_type="row")
                yield Static(id="sent-detail")
            with TabPane(_("Timeline"), id="timeline"):
                yield DataTable(id="timeline-table", cursor_type="row")
        yield DrillFooter()

    def on_mount(self) -> None:
        header = self.query_one(DrillHeader)
        header.title = _("Sent items and timeline")
        header.subtitle = inert(self.app.live.pack.title).plain
        sent = self.query_one("#sent-table", DataTable)
        columns = ((_("Time"), "t"), (_("Action"), "action"), (_("To"), "to"), (_("Channel"), "channel"),
                   (_("Reply"), "reply"))
        for label, key in columns:
            sent.add_column(label, key=key)
        timeline = self.query_one("#timeline-table", DataTable)
        for label, key in ((_("Time"), "t"), ("", "dir"), (_("Who"), "who"), (_("What"), "what"), ("TLP", "tlp")):
            timeline.add_column(label, key=key)
        self.follow_session()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def refresh_clock(self) -> None:
        """No clock on this screen: its header names what it shows."""

    def refresh_view(self) -> None:
        live = self.app.live
        pack = live.pack
        statuses = reply_statuses(live.view.state, self.team)
        sent_rows: list[tuple[str | None, tuple[str | Text, ...]]] = []
        for a in live.view.sent(self.team):
            to = a.fields.get("to")
            sent_rows.append((a.action_id, (
                format_clock(a.t),
                inert(pack.actions[a.action].title if a.action in pack.actions else a.action),
                inert(party_name(pack, str(to)) if to else "—"),
                inert(channel_name(pack, str(a.fields["channel"])) if a.fields.get("channel") else "—"),
                self._answer(statuses.get(a.action_id)),
            )))
        if self._show("#sent-table", sent_rows):
            self.show_sent()
        timeline_rows: list[tuple[str | None, tuple[str | Text, ...]]] = []
        for e in live.view.timeline(self.team):
            cells: tuple[str | Text, ...]
            if isinstance(e, InjectDelivered):
                cells = (format_clock(e.t), "←", inert(party_name(pack, e.sender)), cell(e.subject),
                         tlp_badge(e.tlp))
            else:
                title = pack.actions[e.action].title if e.action in pack.actions else e.action
                to = e.fields.get("to")
                tlp = e.fields.get("tlp")
                cells = (format_clock(e.t), "→", inert(party_name(pack, str(to)) if to else "—"), inert(title),
                         tlp_badge(str(tlp)) if tlp else "")
            timeline_rows.append((None, cells))
        if self._show("#timeline-table", timeline_rows):
            timeline = self.query_one("#timeline-table", DataTable)
            timeline.move_cursor(row=timeline.row_count - 1)

    def _answer(self, status: ReplyStatus | None) -> Text:
        """The Reply cell: the answer's time and subject, 'awaiting' while the engine has one coming (or
        the team addressed has not answered), '—' when none is coming."""
        if status is None or (not status.awaiting and status.reply is None):
            return Text("—")
        reply = self.app.live.view.message(status.reply, self.team) if status.reply else None
        if reply is None:
            return Text(_("awaiting"), style="italic")
        return Text.assemble(f"{format_clock(reply.t)} ", cell(reply.subject))

    def _show(self, selector: str, rows: list[tuple[str | None, tuple[str | Text, ...]]]) -> bool:
        """Fill a table with `rows` (key, cells) unless it already shows them; True when it changed."""
        if rows == self._rows.get(selector):
            return False
        self._rows[selector] = rows
        refill(self.query_one(selector, DataTable), rows)
        return bool(rows)

    @on(DataTable.RowHighlighted, "#sent-table")
    def show_sent(self) -> None:
        """The detail of the sent item under the cursor (read from the table, not from the event: one
        posted before the rows were refilled names the row that was there then)."""
        table = self.query_one("#sent-table", DataTable)
        action = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            action = self.app.live.view.action(str(key))
        self.query_one("#sent-detail", Static).update(self._detail(action) if action else "")

    def _detail(self, action: ActionTaken) -> Text:
        spec = self.app.live.pack.actions.get(action.action)
        text = Text()
        for name, value in action.fields.items():
            label = spec.fields[name].label if spec and name in spec.fields else name
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            text.append_text(inert(f"{label}: ", style="dim"))
            text.append_text(inert(f"{shown}\n"))
        if action.reply_to:
            text.append(_("In reply to:") + " ", style="dim")
            text.append_text(inert(action.reply_to))
        return text
