"""The evidence locker: every attachment the team received, its SHA-256, and registering it.

The digests are those recorded when the session started (what the steps score against, whatever the pack's
files say now), and the action that registers evidence is the one the pack declares (engine/queries.py):
its form opens with the attachment and its digest filled in, the chain-of-custody fields left to the
trainee. A digest is shown whole: on one line when the terminal has room, else in two halves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import DataTable, Static

from cyberdrill.engine.queries import EvidenceAction, evidence_action, recorded_digests, registered_evidence
from cyberdrill.i18n import N_, _
from cyberdrill.pack.model import format_clock
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.team.acting import open_action_form
from cyberdrill.tui.team.team_keys import EVIDENCE_KEYS
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp

NOT_RECORDED = N_("not recorded when the session started")
# Room for a digest on one line: the name column, 64 hex digits, the registered column, padding.
ONE_LINE_WIDTH = 110


class EvidenceScreen(Console):
    """The locker. Enter (or `g`) registers the highlighted attachment; `v` views it."""

    CSS_PATH = "team.tcss"
    BINDINGS = EVIDENCE_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.evidence: EvidenceAction | None = None
        self._rows: tuple[bool, list[tuple[str, str, str]]] | None = None  # (split, rows) shown

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        yield Static(id="evidence-help", classes="dim")
        yield DataTable(id="evidence", cursor_type="row")
        yield DrillFooter()

    def on_mount(self) -> None:
        live = self.app.live
        self.evidence = evidence_action(live.pack)
        header = self.query_one(DrillHeader)
        header.title = _("Evidence locker")
        header.subtitle = inert(live.pack.title).plain
        if self.evidence:
            title = live.pack.actions[self.evidence.action].title
            before, _sep, after = _("Highlight an attachment and press g to register it ({action}); v views it."
                                    ).partition("{action}")
            help_text = Text.assemble(before, inert(title), after)
        else:
            help_text = Text(_("This pack has no evidence action: the hashes are for your notes. "
                               "v views an attachment."))
        self.query_one("#evidence-help", Static).update(help_text)
        table = self.query_one(DataTable)
        table.add_column(_("Attachment"), key="name")
        table.add_column("SHA-256", key="sha256")
        table.add_column(_("Registered"), key="registered")
        self.follow_session()

    def on_resize(self, event: Resize) -> None:
        self.refresh_view()

    @property
    def digests(self) -> dict[str, str]:
        """Attachment name -> the SHA-256 recorded when the session started."""
        return recorded_digests(self.app.live.view.state)

    def refresh_clock(self) -> None:
        """No clock on this screen: its header names what it shows."""

    def refresh_view(self) -> None:
        live = self.app.live
        state = live.view.state
        registered = registered_evidence(live.pack, state, self.team)
        digests = recorded_digests(state)
        rows: list[tuple[str, str, str]] = []
        for name in live.view.received_attachments(self.team):
            when = registered.get(name)
            rows.append((name, digests.get(name, ""), "—" if when is None else f"✔ {format_clock(when)}"))
        split = self.size.width < ONE_LINE_WIDTH
        if (split, rows) == self._rows:
            return  # nothing new received or registered, same width: no redraw
        self._rows = (split, rows)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for name, digest, mark in rows:
            shown = digest or NOT_RECORDED
            if split and digest:
                shown = f"{digest[:32]}\n{digest[32:]}"
            table.add_row(inert(name), inert(shown, style="" if digest else "dim"), mark, key=name,
                          height=2 if split else 1)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify(_("No attachment received yet."), severity="warning")
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
        if self.evidence is None:
            self.notify(_("This pack has no evidence action to register with."), severity="warning")
            return
        values: dict[str, Any] = {}
        digest = self.digests.get(name)
        if digest:
            values[self.evidence.digest_field] = digest
        if self.evidence.attachment_field:
            values[self.evidence.attachment_field] = name
        open_action_form(self.app, self.team, self.evidence.action, values)
