"""The evidence locker: every attachment the team received, its SHA-256, and registering it.

Registering is an action of the pack's evidence action type (one with a sha256 field): the form opens
with the hash and the attachment filled in, and the chain-of-custody fields left to the trainee.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cyberdrill.pack.model import format_clock
from cyberdrill.tui.forms.fields import evidence_action
from cyberdrill.tui.team.acting import open_action_form
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


class EvidenceScreen(Screen[None]):
    """The locker. Enter (or `g`) registers the highlighted attachment; `v` views it."""

    CSS_PATH = "team.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="evidence.back"),
        Binding("g", "register", "Register", id="evidence.register"),
        Binding("v", "view", "View", id="evidence.view"),
    ]

    app: CyberdrillApp

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.digests: dict[str, str] = {}
        self._rows: list[tuple[str, str, str]] | None = None  # (attachment, sha256, registered) shown

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        yield Static(id="evidence-help", classes="dim")
        yield DataTable(id="evidence", cursor_type="row")
        yield DrillFooter()

    def on_mount(self) -> None:
        live = self.app.live
        self.evidence_action = evidence_action(live.pack)
        header = self.query_one(DrillHeader)
        header.title = "Evidence locker"
        header.subtitle = live.pack.title
        if self.evidence_action:
            title = live.pack.actions[self.evidence_action].title
            help_text = f"Highlight an attachment and press g to register it ({title}); v views it."
        else:
            help_text = "This pack has no evidence action: the hashes are for your notes. v views an attachment."
        self.query_one("#evidence-help", Static).update(help_text)
        table = self.query_one(DataTable)
        table.add_column("Attachment", key="name")
        table.add_column("SHA-256", key="sha256")
        table.add_column("Registered", key="registered")
        self.watch(self.app, "seq", self.refresh_rows, init=True)

    def refresh_rows(self, _seq: int = 0) -> None:
        live = self.app.live
        registered: dict[str, int] = {}
        for a in live.view.sent(self.team):
            if a.action == self.evidence_action:
                for value in a.fields.values():
                    if isinstance(value, str):
                        registered.setdefault(value.strip().lower(), a.t)
        rows: list[tuple[str, str, str]] = []
        for name in live.view.received_attachments(self.team):
            if name not in self.digests:
                text = live.attachment_text(name)
                self.digests[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
            digest = self.digests[name]
            when = registered.get(digest)
            rows.append((name, digest, "—" if when is None else f"✔ {format_clock(when)}"))
        if rows == self._rows:
            return  # nothing new received or registered: no redraw
        self._rows = rows
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for name, digest, mark in rows:
            table.add_row(name, digest, mark, key=name)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify("No attachment received yet.", severity="warning")
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_register()

    def action_view(self) -> None:
        name = self._highlighted()
        if name:
            from cyberdrill.tui.team.attachments import AttachmentScreen

            self.app.push_screen(AttachmentScreen(name))

    def action_register(self) -> None:
        name = self._highlighted()
        if not name:
            return
        if not self.evidence_action:
            self.notify("This pack has no evidence action to register with.", severity="warning")
            return
        spec = self.app.live.pack.actions[self.evidence_action]
        values: dict[str, Any] = {}
        for field_name, field_spec in spec.fields.items():
            if field_spec.type == "sha256":
                values[field_name] = self.digests[name]
            elif field_spec.type == "attachment":
                values[field_name] = name
        open_action_form(self.app, self.team, self.evidence_action, values)
