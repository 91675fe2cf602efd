"""What the instructor's debrief and a team's read-only debrief share: one team's timeline against the
expected steps, refreshed from the engine (`team_debrief`) into the header and the timeline table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.widgets import DataTable

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.engine.timeline import Entry, TeamDebrief, team_debrief
from cyberdrill.i18n import N_, _
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.debrief_render import entry_cells
from cyberdrill.tui.view import team_label
from cyberdrill.tui.widgets.header import DrillHeader
from cyberdrill.tui.widgets.tables import refill

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


class TimelineScreen(Console):
    """A debrief screen: `team`'s timeline, filtered by `objective` (None: all)."""

    TIMELINE_TITLE: ClassVar[str] = N_("Timeline · {objective} ({n})")

    app: CyberdrillApp

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.objective: str | None = None
        self.entries: list[Entry] = []
        self.debrief: TeamDebrief | None = None
        self._rows: list[tuple[str | None, tuple[Any, ...]]] | None = None

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
