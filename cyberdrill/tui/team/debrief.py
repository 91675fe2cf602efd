"""A team seat's read-only debrief, once the session has ended: its own timeline against the steps it was
expected to take, its deductions with reasons and citations, its hot-wash answers and last time's
results. Nothing of another team: every fact is the engine's debrief of this team (engine/timeline.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.widgets import DataTable, Static

from cyberdrill.i18n import N_, _
from cyberdrill.tui.instructor.debrief import last_time_text
from cyberdrill.tui.instructor.debrief_render import answer_text, entry_detail, summary
from cyberdrill.tui.instructor.timeline_view import TimelineScreen
from cyberdrill.tui.keys import Key, KeyTable

if TYPE_CHECKING:
    from cyberdrill.service import LastTime
    from cyberdrill.tui.app import CyberdrillApp

TEAM_DEBRIEF_KEYS = KeyTable(
    title="Your team's debrief",
    intro="""\
The drill is over: this is your team's own record. On the left your **timeline**, what you received (`←`)
and did (`→`) against the steps you were expected to take (`▷` when a step opened, `⏱` its deadline); on
the right the highlighted step: its window, what became of it, **each deduction with its reason and
citation**, the lesson and the recommendation. Below: your deductions in short, what happened in the
scenario, your hot-wash answers and last time's results. Nothing here shows another team.""",
    keys=(
        Key("escape", "app.pop_screen", "Back", "team_debrief.back", "back to your team console", palette=None),
        Key("up,down", "noop", "Time", "team_debrief.time", "step through your timeline, earlier or later",
            palette=None, bind=False, key_display="↑/↓"),
        Key("f", "filter", "Filter", "team_debrief.filter",
            "**filter** by objective: each press shows the next objective's steps, then all again",
            palette="Debrief: filter by objective"),
    ),
)


class TeamDebriefScreen(TimelineScreen):
    """This team's debrief, read-only (see the module docstring)."""

    CSS_PATH = "../instructor/debrief.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = TEAM_DEBRIEF_KEYS.bindings()

    app: CyberdrillApp

    TIMELINE_TITLE = N_("Your timeline · {objective} ({n})")
    SUMMARY_TITLE = N_("Deductions, scenario, your hot wash")

    def __init__(self, team: str) -> None:
        super().__init__(team)
        self._last: tuple[LastTime | None] | None = None

    def refresh_view(self) -> None:
        _card, debrief = self.refresh_timeline()
        pack = self.app.live.pack
        names = {o.id: o.text for o in pack.objectives}
        box = Text()
        box.append_text(summary(pack, debrief))
        box.append("\n\n" + _("Your hot wash") + "\n", style="bold")
        box.append_text(answer_text(debrief.answer, names))
        box.append("\n\n")
        box.append_text(last_time_text(self.last_time()))
        self.query_one("#debrief-summary", Static).update(box)
        self.show_entry()

    def last_time(self) -> LastTime | None:
        if self._last is None:
            from cyberdrill.service import last_time

            live = self.app.live
            try:
                self._last = (last_time(live.log, live.loaded, live.id, self.team),)
            except Exception:  # an earlier session that no longer replays: nothing to compare with
                self._last = (None,)
        return self._last[0]

    @on(DataTable.RowHighlighted, "#debrief-timeline")
    def show_entry(self) -> None:
        if self.debrief is None:
            return
        row = self.query_one("#debrief-timeline", DataTable).cursor_row
        entry = self.entries[row] if 0 <= row < len(self.entries) else None
        self.query_one("#debrief-detail", Static).update(entry_detail(self.app.live.pack, self.debrief, entry))

    def action_filter(self) -> None:
        assert self.debrief is not None
        objectives = list(dict.fromkeys(s.objective for s in self.debrief.steps))
        if self.objective is None:
            self.objective = objectives[0] if objectives else None
        else:
            at = objectives.index(self.objective) + 1 if self.objective in objectives else len(objectives)
            self.objective = objectives[at] if at < len(objectives) else None
        self.catch_up()
