"""The instructor's hot wash: open it for the team seats, watch their answers arrive, add observations, turn
what a team wants to improve into plan rows. Everything shown is read through engine/debrief.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.debrief import HotWashAnswer, hot_wash_answers, hot_wash_open, observations
from cyberdrill.i18n import _
from cyberdrill.pack.model import format_clock
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.debrief import open_plan_dialog, playing_teams, send
from cyberdrill.tui.instructor.debrief_dialogs import ObservationDialog, PlanDraft
from cyberdrill.tui.instructor.debrief_keys import HOTWASH_KEYS
from cyberdrill.tui.instructor.debrief_render import anonymous_comments, answer_text
from cyberdrill.tui.view import team_label, team_short
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader
from cyberdrill.tui.widgets.tables import refill

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


def _first(lines: tuple[str, ...]) -> Text:
    if not lines:
        return Text("—", style="dim")
    shown = inert(lines[0][:40] + ("…" if len(lines[0]) > 40 else ""))
    return shown + Text(f" +{len(lines) - 1}", style="dim") if len(lines) > 1 else shown


class HotWashScreen(Console):
    """A row per team seat (answered or not), the highlighted answer in full, observations and the
    anonymous comments."""

    CSS_PATH = "debrief.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = HOTWASH_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self) -> None:
        super().__init__()
        self.teams: tuple[str, ...] = ()
        self.answers: dict[str, HotWashAnswer] = {}
        self._rows: list[tuple[str | None, tuple[Any, ...]]] | None = None

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header", classes="-instructor")
        with Horizontal(id="hotwash-body"):
            yield DataTable(id="hotwash-answers", cursor_type="row")
            with Vertical(id="hotwash-right"):
                with VerticalScroll(id="hotwash-detail-box"):
                    yield Static(id="hotwash-detail")
                with VerticalScroll(id="hotwash-observations-box"):
                    yield Static(id="hotwash-observations")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.teams = playing_teams(self.app)
        table = self.query_one("#hotwash-answers", DataTable)
        for label, key in ((_("Team"), "team"), (_("At"), "at"), (_("Went well"), "well"),
                           (_("To improve"), "improve"), (_("Commitments"), "commit")):
            table.add_column(label, key=key)
        self.query_one("#hotwash-detail-box").border_title = _("Answer")
        self.query_one("#hotwash-observations-box").border_title = _("Observations and anonymous comments")
        self.follow_session()
        table.focus()

    def refresh_clock(self) -> None:
        self.query_one(DrillHeader).clock = format_clock(self.app.now)

    def refresh_view(self) -> None:
        live = self.app.live
        state = live.view.state
        header = self.query_one(DrillHeader)
        header.title = _("HOT WASH")
        opened = state.hotwash_at
        header.status = (_("open since {t}").format(t=format_clock(opened)) if opened is not None
                         else _("not open yet: press h to open it"))
        answers = hot_wash_answers(state)
        self.answers = {a.team: a for a in answers}
        rows: list[tuple[str | None, tuple[Any, ...]]] = []
        for team in self.teams:
            a = self.answers.get(team)
            name = inert(team_short(live.pack, team), style="bold")
            if a is None:
                rows.append((None, (name, Text(_("waiting"), style="italic dim"), "", "", "")))
            else:
                rows.append((None, (name, format_clock(a.t), _first(a.went_well), _first(a.to_improve),
                                    _first(a.commitments))))
        table = self.query_one("#hotwash-answers", DataTable)
        table.border_title = _("Answers ({n} of {total})").format(n=len(answers), total=len(self.teams))
        if rows != self._rows:
            self._rows = rows
            refill(table, rows)
        notes = Text()
        for o in observations(state):
            about = team_short(live.pack, o.team) if o.team else _("all")
            notes.append(f"{format_clock(o.t)} [{about}] ", style="dim")
            notes.append_text(inert(o.text))
            notes.append("\n")
        anonymous = anonymous_comments(answers)
        if anonymous.plain:
            notes.append(_("Anonymous comments") + "\n", style="bold")
            notes.append_text(anonymous)
        self.query_one("#hotwash-observations", Static).update(notes or Text(_("No observations yet."), style="dim"))
        self.show_answer()
        self.refresh_clock()

    @property
    def highlighted_team(self) -> str | None:
        row = self.query_one("#hotwash-answers", DataTable).cursor_row
        return self.teams[row] if 0 <= row < len(self.teams) else None

    @on(DataTable.RowHighlighted, "#hotwash-answers")
    def show_answer(self) -> None:
        team = self.highlighted_team
        live = self.app.live
        names = {o.id: o.text for o in live.pack.objectives}
        label = team_label(live.pack, team) if team else ""
        detail = answer_text(self.answers.get(team or ""), names, show_team=label)
        self.query_one("#hotwash-detail", Static).update(detail)

    async def action_open_hot_wash(self) -> None:
        if hot_wash_open(self.app.live.view.state):
            self.notify(_("The hot wash is already open."), severity="warning")
            return
        problem = await send(self, cmd.OpenHotWash, _("Hot wash open: each team seat now has its form (h)."))
        if problem:
            self.notify(problem, title=_("Refused"), severity="error")

    def action_observe(self) -> None:
        async def submit(value: object) -> str | None:
            assert isinstance(value, tuple)
            team, text = value
            return await send(self, cmd.AddObservation, _("Observation added."), team=team, text=text)

        live = self.app.live
        self.app.push_screen(ObservationDialog(live.pack, self.teams, self.highlighted_team, submit))

    def action_to_plan(self) -> None:
        team = self.highlighted_team
        answer = self.answers.get(team or "")
        if team is None or answer is None:
            self.notify(_("Highlight a team that has answered."), severity="warning")
            return
        issue = "; ".join(answer.to_improve) or "; ".join(answer.went_well)
        action = "; ".join(answer.commitments)
        open_plan_dialog(self, PlanDraft(team=team, issue=issue, action=action), f"hotwash:{team}", None)
