"""Sent items and the team's own timeline (what it received and did, nothing of other teams)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from cyberdrill.engine.events import ActionTaken, InjectDelivered
from cyberdrill.pack.model import format_clock
from cyberdrill.tui.view import channel_name, party_name
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader
from cyberdrill.tui.widgets.tlp import tlp_badge

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


class HistoryScreen(Screen[None]):
    """Two tabs: Sent (the team's actions and whether they were answered) and Timeline."""

    CSS_PATH = "team.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="history.back"),
        Binding("s", "show_tab('sent')", "Sent", id="history.sent"),
        Binding("t", "show_tab('timeline')", "Timeline", id="history.timeline"),
    ]

    app: CyberdrillApp  # type: ignore[assignment]

    def __init__(self, team: str, tab: str = "sent") -> None:
        super().__init__()
        self.team = team
        self.tab = tab

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        with TabbedContent(initial=self.tab):
            with TabPane("Sent", id="sent"):
                yield DataTable(id="sent-table", cursor_type="row")
                yield Static(id="sent-detail")
            with TabPane("Timeline", id="timeline"):
                yield DataTable(id="timeline-table", cursor_type="row")
        yield DrillFooter()

    def on_mount(self) -> None:
        header = self.query_one(DrillHeader)
        header.title = "Sent items and timeline"
        header.subtitle = self.app.live.pack.title
        sent = self.query_one("#sent-table", DataTable)
        columns = (("Time", "t"), ("Action", "action"), ("To", "to"), ("Channel", "channel"), ("Reply", "reply"))
        for label, key in columns:
            sent.add_column(label, key=key)
        timeline = self.query_one("#timeline-table", DataTable)
        for label, key in (("Time", "t"), ("", "dir"), ("Who", "who"), ("What", "what"), ("TLP", "tlp")):
            timeline.add_column(label, key=key)
        self.watch(self.app, "seq", self.refresh_rows, init=True)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def refresh_rows(self, _seq: int = 0) -> None:
        live = self.app.live
        pack = live.pack
        replies: dict[str, InjectDelivered] = {}
        for m in live.view.messages:
            if m.in_reply_to and self.team in m.to:
                replies.setdefault(m.in_reply_to, m)
        sent = self.query_one("#sent-table", DataTable)
        sent.clear()
        for a in live.view.sent(self.team):
            to = a.fields.get("to")
            reply = replies.get(a.action_id)
            answer = f"{format_clock(reply.t)} {reply.subject}" if reply else ("awaiting" if to else "—")
            sent.add_row(
                format_clock(a.t),
                pack.actions[a.action].title if a.action in pack.actions else a.action,
                party_name(pack, str(to)) if to else "—",
                channel_name(pack, str(a.fields["channel"])) if a.fields.get("channel") else "—",
                answer,
                key=a.action_id,
            )
        timeline = self.query_one("#timeline-table", DataTable)
        timeline.clear()
        for e in live.view.timeline(self.team):
            if isinstance(e, InjectDelivered):
                timeline.add_row(format_clock(e.t), "←", party_name(pack, e.sender), e.subject, tlp_badge(e.tlp))
            else:
                title = pack.actions[e.action].title if e.action in pack.actions else e.action
                to = e.fields.get("to")
                tlp = e.fields.get("tlp")
                timeline.add_row(
                    format_clock(e.t), "→", party_name(pack, str(to)) if to else "—", title,
                    tlp_badge(str(tlp)) if tlp else "",
                )
        if timeline.row_count:
            timeline.move_cursor(row=timeline.row_count - 1)

    @on(DataTable.RowHighlighted, "#sent-table")
    def show_sent(self, event: DataTable.RowHighlighted) -> None:
        action = self.app.live.view.action(str(event.row_key.value))
        self.query_one("#sent-detail", Static).update(self._detail(action) if action else "")

    def _detail(self, action: ActionTaken) -> Text:
        spec = self.app.live.pack.actions.get(action.action)
        text = Text()
        for name, value in action.fields.items():
            label = spec.fields[name].label if spec and name in spec.fields else name
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            text.append(f"{label}: ", style="dim")
            text.append(f"{shown}\n")
        if action.reply_to:
            text.append("In reply to: ", style="dim")
            text.append(action.reply_to)
        return text
