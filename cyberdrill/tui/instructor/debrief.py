"""The instructor's debrief, live or after the end: per team its timeline against the expected steps, the
highlighted step's deductions with reasons and citations, the branches and outcomes, last time's results;
from here the hot wash, observations and the improvement plan. The engine decides every status and point
(engine/timeline.py); this screen lays them out and sends the instructor's commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.widgets import DataTable, Static

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.timeline import Entry
from cyberdrill.i18n import _
from cyberdrill.store.errors import StoreUnavailable
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.debrief_dialogs import ObservationDialog, PlanDraft, PlanItemDialog, draft_fields
from cyberdrill.tui.instructor.debrief_keys import DEBRIEF_KEYS
from cyberdrill.tui.instructor.debrief_render import entry_detail, summary
from cyberdrill.tui.instructor.timeline_view import TimelineScreen

if TYPE_CHECKING:
    from cyberdrill.service import LastTime
    from cyberdrill.tui.app import CyberdrillApp


def playing_teams(app: CyberdrillApp) -> tuple[str, ...]:
    live = app.live
    return live.view.started.teams if live.view.started else tuple(t.id for t in live.pack.teams)


async def send(screen: Console, kind: type[cmd.Command], done: str | None = None, **fields: Any) -> str | None:
    """Send one command from a debrief screen: None when recorded (and `done` toasted), else the refusal
    (an unreachable database is already in the header: the app said so)."""
    try:
        await screen.app.send(kind, **fields)
    except cmd.CommandRefused as refused:
        return refused.message
    except StoreUnavailable:
        return _("the database cannot be reached; nothing was recorded")
    if done:
        screen.notify(done)
    return None


def last_time_text(found: LastTime | None) -> Text:
    """Last time's score, ratings and plan rows of this team (the same pack, an earlier session)."""
    if found is None:
        return Text(_("No earlier session of this pack for this team."), style="dim")
    text = Text()
    when = (found.created_at or "")[:10]
    text.append(_("Last time ({when}, session {id}): {percent:.0f} %").format(
        when=when, id=found.session[:8], percent=found.percent), style="bold")
    if found.ratings:
        text.append("\n" + "  ".join(f"{o} {r}" for o, r in found.ratings.items()))
    for item in found.plan:
        text.append("\n• ")
        text.append_text(inert(item.action))
        extra = ", ".join(x for x in (item.owner, item.completion or "") if x)
        if extra:
            text.append_text(inert(f" ({extra})", style="dim"))
    return text


class DebriefScreen(TimelineScreen):
    """One team's debrief at a time (see the module docstring)."""

    HEADER_CLASSES = "-instructor"
    CSS_PATH = "debrief.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = DEBRIEF_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self, team: str | None = None) -> None:
        super().__init__(team or "")
        self._last: dict[str, LastTime | None] = {}

    def on_mount(self) -> None:
        # Textual then runs TimelineScreen's on_mount too (handlers run up the class hierarchy).
        teams = playing_teams(self.app)
        if self.team not in teams:
            self.team = teams[0]

    def refresh_view(self) -> None:
        _card, debrief = self.refresh_timeline()
        box = Text()
        box.append_text(summary(self.app.live.pack, debrief))
        box.append("\n\n")
        box.append_text(last_time_text(self.last_time()))
        self.query_one("#debrief-summary", Static).update(box)
        self.show_entry()
        self.refresh_clock()

    def last_time(self) -> LastTime | None:
        """Last time's results of this team (looked up once per team: earlier sessions do not change)."""
        if self.team not in self._last:
            from cyberdrill.service import last_time

            live = self.app.live
            try:
                self._last[self.team] = last_time(live.log, live.loaded, live.id, self.team)
            except Exception:  # an earlier session that no longer replays: nothing to compare with
                self._last[self.team] = None
        return self._last[self.team]

    @property
    def highlighted(self) -> Entry | None:
        table = self.query_one("#debrief-timeline", DataTable)
        row = table.cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    @on(DataTable.RowHighlighted, "#debrief-timeline")
    def show_entry(self) -> None:
        if self.debrief is None:
            return
        detail = entry_detail(self.app.live.pack, self.debrief, self.highlighted)
        self.query_one("#debrief-detail", Static).update(detail)

    # ------------------------------------------------------------------------------ keys

    def action_next_team(self) -> None:
        teams = playing_teams(self.app)
        self.team = teams[(teams.index(self.team) + 1) % len(teams)]
        self._rows = None
        self.catch_up()

    def action_filter(self) -> None:
        """The next objective of this team's steps, then all again."""
        assert self.debrief is not None
        objectives = list(dict.fromkeys(s.objective for s in self.debrief.steps))
        if self.objective is None:
            self.objective = objectives[0] if objectives else None
        else:
            at = objectives.index(self.objective) + 1 if self.objective in objectives else len(objectives)
            self.objective = objectives[at] if at < len(objectives) else None
        self.catch_up()

    def action_observe(self) -> None:
        live = self.app.live

        async def submit(value: object) -> str | None:
            assert isinstance(value, tuple)
            team, text = value
            return await send(self, cmd.AddObservation, _("Observation added."), team=team, text=text)

        self.app.push_screen(ObservationDialog(live.pack, playing_teams(self.app), self.team, submit))

    def action_to_plan(self) -> None:
        entry = self.highlighted
        if entry is None or entry.step is None or self.debrief is None:
            self.notify(_("Highlight a step of the timeline (its opening, deadline or the action that counted)."),
                        severity="warning")
            return
        result = next(s for s in self.debrief.steps if s.step == entry.step)
        reasons = "; ".join(r.text for r in result.reasons)
        issue = f"{result.title}: {reasons}" if reasons else result.title
        draft = PlanDraft(team=self.team, issue=issue, action=result.recommendation or result.lesson)
        open_plan_dialog(self, draft, f"step:{result.step}", None)

    def action_hot_wash(self) -> None:
        from cyberdrill.tui.instructor.hotwash import HotWashScreen

        self.app.push_screen(HotWashScreen())

    def action_plan(self) -> None:
        from cyberdrill.tui.instructor.plan import PlanScreen

        self.app.push_screen(PlanScreen())


def open_plan_dialog(screen: Console, draft: PlanDraft, source: str, item: str | None) -> None:
    """The plan-row form; Save sends SetPlanItem (a refusal keeps the form open with what was typed)."""
    live = screen.app.live

    async def submit(value: object) -> str | None:
        assert isinstance(value, PlanDraft)
        done = _("Plan row saved.")
        return await send(screen, cmd.SetPlanItem, done, item=item, source=source, **draft_fields(value))

    title = _("Edit plan row {item}").format(item=item) if item else _("New improvement-plan row")
    screen.app.push_screen(PlanItemDialog(live.pack, playing_teams(screen.app), draft, title, submit))
