"""What the instructor's debrief and a team's read-only debrief share: one team's timeline against the
expected steps, refreshed from the engine (`team_debrief`) into the header and the timeline table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.engine.timeline import Entry, TeamDebrief, team_debrief
from cyberdrill.i18n import N_, _
from cyberdrill.pack.model import format_clock
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.debrief_render import entry_cells
from cyberdrill.tui.view import team_label
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader
from cyberdrill.tui.widgets.tables import refill

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


class TimelineScreen(Console):
    """A debrief screen: `team`'s timeline, filtered by `objective` (None: all)."""

    TIMELINE_TITLE: ClassVar[str] = N_("Timeline · {objective} ({n})")
    SUMMARY_TITLE: ClassVar[str] = N_("Deductions, branches, outcomes")
    HEADER_CLASSES: ClassVar[str] = ""

    app: CyberdrillApp

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.objective: str | None = None
        self.entries: list[Entry] = []
        self.debrief: TeamDebrief | None = None
        self._rows: list[tuple[str | None, tuple[Any, ...]]] | None = None

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header", classes=self.HEADER_CLASSES)
        with Horizontal(id="debrief-body"):
            yield DataTable(id="debrief-timeline", cursor_type="row")
            with Vertical(id="debrief-right"):
                with VerticalScroll(id="debrief-detail-box"):
                    yield Static(id="debrief-detail")
                with VerticalScroll(id="debrief-summary-box"):
                    yield Static(id="debrief-summary")
        yield DrillFooter()

    def on_mount(self) -> None:
        table = self.query_one("#debrief-timeline", DataTable)
        for label, key in ((_("Time"), "t"), ("", "kind"), (_("What"), "what"), (_("Status"), "status")):
            table.add_column(label, key=key)
        self.query_one("#debrief-detail-box").border_title = _("Step")
        self.query_one("#debrief-summary-box").border_title = _(self.SUMMARY_TITLE)
        self.follow_session()
        table.focus()

    def refresh_clock(self) -> None:
        self.query_one(DrillHeader).clock = format_clock(self.app.now)

    def refresh_timeline(self) -> tuple[Scorecard, TeamDebrief]:
        """The header and the timeline table of `team` as the engine sees it now; the scorecard and the
        debrief, for the rest of the screen."""
        live = self.app.live
        card = live.scorecard()
        debrief = self.debrief = team_debrief(live.pack, live.view.state, card, self.team)
        self.entries = debrief.filtered(self.objective)
        header = self.query_one(DrillHeader)
        header.title = _("DEBRIEF · {team}").format(team=inert(team_label(live.pack, self.team)).plain)
        header.extra = f"{card.team(self.team).percent:.0f} %"
        timeline = self.query_one("#debrief-timeline", DataTable)
        shown = self.objective or _("all objectives")
        timeline.border_title = _(self.TIMELINE_TITLE).format(objective=shown, n=len(self.entries))
        rows: list[tuple[str | None, tuple[Any, ...]]] = [(None, entry_cells(e, card.at)) for e in self.entries]
        if rows != self._rows:
            self._rows = rows
            refill(timeline, rows)
        return card, debrief
