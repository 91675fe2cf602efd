"""The improvement plan (HSEEP AAR/IP): its rows with owner organisation, capability element and dates;
add, edit and remove them. Every change is a command, recorded in the log; the rows are read back through
engine/debrief.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.debrief import PlanItem, improvement_plan
from cyberdrill.i18n import _
from cyberdrill.pack.model import format_clock
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.debrief import open_plan_dialog, send
from cyberdrill.tui.instructor.debrief_dialogs import PlanDraft
from cyberdrill.tui.instructor.debrief_keys import PLAN_KEYS
from cyberdrill.tui.instructor.dialogs import ConfirmDialog
from cyberdrill.tui.view import team_short
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader
from cyberdrill.tui.widgets.tables import refill

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


def _cell(text: str, limit: int = 34) -> Text:
    return inert(text if len(text) <= limit else text[: limit - 1] + "…")


class PlanScreen(Console):
    """The plan's rows; the highlighted one in full below."""

    CSS_PATH = "debrief.tcss"
    BINDINGS = PLAN_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self) -> None:
        super().__init__()
        self.items: list[PlanItem] = []
        self._rows: list[tuple[str | None, tuple[Any, ...]]] | None = None

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header", classes="-instructor")
        yield DataTable(id="plan-table", cursor_type="row")
        yield Static(id="plan-detail")
        yield DrillFooter()

    def on_mount(self) -> None:
        table = self.query_one("#plan-table", DataTable)
        for label, key in (("#", "item"), (_("Team"), "team"), (_("Issue"), "issue"),
                           (_("Corrective action"), "action"), (_("Capability"), "capability"),
                           (_("Owner"), "owner"), (_("Start date"), "start"), (_("Completion"), "completion")):
            table.add_column(label, key=key)
        self.query_one("#plan-detail").border_title = _("Row")
        self.follow_session()
        table.focus()

    def refresh_clock(self) -> None:
        self.query_one(DrillHeader).clock = format_clock(self.app.now)

    def refresh_view(self) -> None:
        live = self.app.live
        self.query_one(DrillHeader).title = _("IMPROVEMENT PLAN")
        self.items = improvement_plan(live.view.state)
        rows: list[tuple[str | None, tuple[Any, ...]]] = []
        for p in self.items:
            team = team_short(live.pack, p.team) if p.team else _("all")
            rows.append((p.item, (p.item, inert(team), _cell(p.issue, 22), _cell(p.action, 24),
                                  inert(p.capability or "—"), _cell(p.owner or "—", 14), p.start or "—",
                                  p.completion or "—")))
        table = self.query_one("#plan-table", DataTable)
        table.border_title = _("Improvement plan ({n} rows)").format(n=len(self.items))
        if rows != self._rows:
            self._rows = rows
            refill(table, rows)
        self.show_row()

    @property
    def highlighted(self) -> PlanItem | None:
        row = self.query_one("#plan-table", DataTable).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    @on(DataTable.RowHighlighted, "#plan-table")
    def show_row(self) -> None:
        p = self.highlighted
        detail = Text(_("No rows yet: a to add one, or i on a deduction in the debrief."), style="dim")
        if p is not None:
            detail = Text()
            dates = f"{p.start or '—'} → {p.completion or '—'}"
            for label, value in ((_("Issue"), p.issue), (_("Corrective action"), p.action),
                                 (_("Owner"), p.owner or "—"), (_("Capability element"), p.capability or "—"),
                                 (_("Dates"), dates), (_("Source"), p.source)):
                detail.append(f"{label}: ", style="bold")
                detail.append_text(inert(value))
                detail.append("\n")
        self.query_one("#plan-detail", Static).update(detail)

    @on(DataTable.RowSelected, "#plan-table")
    def _selected(self) -> None:
        self.action_edit()

    def action_add(self) -> None:
        open_plan_dialog(self, PlanDraft(team=None, issue="", action=""), "observation", None)

    def action_edit(self) -> None:
        p = self.highlighted
        if p is None:
            self.notify(_("No row to edit: a adds one."), severity="warning")
            return
        draft = PlanDraft(team=p.team, issue=p.issue, action=p.action, capability=p.capability, owner=p.owner,
                          start=p.start, completion=p.completion)
        open_plan_dialog(self, draft, p.source, p.item)

    def action_remove(self) -> None:
        p = self.highlighted
        if p is None:
            return
        item = p.item

        async def remove() -> None:
            problem = await send(self, cmd.RemovePlanItem, _("Row {item} removed.").format(item=item), item=item)
            if problem:
                self.notify(problem, title=_("Refused"), severity="error")

        def chosen(ok: bool | None) -> None:
            if ok:
                self.run_worker(remove(), group="send")

        self.app.push_screen(ConfirmDialog(_("Remove row {item}?").format(item=item), p.action, _("Remove")), chosen)
