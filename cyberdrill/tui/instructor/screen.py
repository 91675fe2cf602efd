"""The instructor console: steer the clock and the injects, watch every team, mark, end the session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.scorecard import StepResult
from cyberdrill.i18n import _
from cyberdrill.pack.model import format_clock
from cyberdrill.store.errors import StoreUnavailable
from cyberdrill.tui.console import Console
from cyberdrill.tui.forms.picker import ActionPicker
from cyberdrill.tui.inert import inert
from cyberdrill.tui.instructor.dialogs import (
    AdHoc,
    ConfirmDialog,
    DurationDialog,
    JumpDialog,
    MarkChoice,
    MarkDialog,
    NoticeDialog,
    OverrideChoice,
    OverrideDialog,
    ReasonDialog,
    WriteDialog,
)
from cyberdrill.tui.instructor.feed import EventFeed
from cyberdrill.tui.instructor.progress import ComingUp, coming_up, grid_rows, marking_queue
from cyberdrill.tui.keys import INSTRUCTOR_KEYS
from cyberdrill.tui.problems import shown_problem
from cyberdrill.tui.view import clock_text, event_line, local_times, team_label, teams_fit
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader
from cyberdrill.tui.widgets.tables import refill

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp

FEED_LINES = 200
SPEEDS = (1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600)


class InstructorScreen(Console):
    """Progress grid, coming up, marking queue and the live event feed."""

    CSS_PATH = "instructor.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = INSTRUCTOR_KEYS.bindings()

    app: CyberdrillApp

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header", classes="-instructor")
        with Horizontal(id="instr-body"):
            with Vertical(id="instr-left"):
                yield DataTable(id="progress", cursor_type="row")
                yield DataTable(id="upcoming", cursor_type="row")
                yield DataTable(id="marking", cursor_type="row")
            yield EventFeed(FEED_LINES, id="feed")
        yield DrillFooter()

    def on_mount(self) -> None:
        live = self.app.live
        header = self.query_one(DrillHeader)
        started = live.view.started
        seed = started.seed if started else "?"
        header.title = _("INSTRUCTOR · {session} · seed {seed}").format(session=live.id[:8], seed=seed)
        header.subtitle = live.pack.title
        progress = self.query_one("#progress", DataTable)
        progress.border_title = _("Progress")
        progress.add_column(_("Team"), key="team")
        for objective in live.pack.objectives:
            progress.add_column(objective.id, key=objective.id)
        progress.add_column(_("Score"), key="score")
        upcoming = self.query_one("#upcoming", DataTable)
        upcoming.border_title = _("Coming up")
        for label, key in ((_("When"), "at"), ("", "kind"), (_("What"), "text")):
            upcoming.add_column(label, key=key)
        marking = self.query_one("#marking", DataTable)
        marking.border_title = _("Marking queue")
        for label, key in ((_("Team"), "team"), (_("Step"), "step"), (_("At"), "at"), (_("Mark"), "mark")):
            marking.add_column(label, key=key)
        self.query_one("#feed").border_title = _("Event feed")
        self._fed = 0
        # table -> rows it shows. Rows carry no key (DataTable numbers them, so two replies of one inject
        # can never collide); the item under the cursor is found by its position in these lists.
        self._rows: dict[str, list[tuple[str | None, tuple[Any, ...]]]] = {}
        self._upcoming: list[ComingUp] = []
        self._marking: list[tuple[str, str, StepResult]] = []
        self.follow_session()

    # ------------------------------------------------------------------------------ state -> widgets

    def refresh_view(self) -> None:
        """Rebuild the panels from the scorecard and the view (only what changed is redrawn)."""
        live = self.app.live
        card = live.scorecard()
        now = self.app.now
        names = teams_fit(live.pack, [team.team for team in card.teams], self.team_width())
        self._show_rows("#progress", [
            (team, (inert(names[team]), *cells, score)) for team, cells, score in grid_rows(live.pack, card, now)
        ])

        self._upcoming = coming_up(live.pack, live.upcoming(), card)
        upcoming: list[tuple[str | None, tuple[Any, ...]]] = []
        for item in self._upcoming:
            style = "bold" if item.ref.startswith("inject:") else ("bold yellow" if item.kind == "deadline" else "dim")
            upcoming.append((None, (format_clock(item.at), Text(item.kind, style=style), inert(item.text))))
        self._show_rows("#upcoming", upcoming)

        queue: list[tuple[str | None, tuple[Any, ...]]] = []
        waiting = 0
        self._marking = marking_queue(live.pack, card)
        for team, _step, result in self._marking:
            if result.awaiting_mark:
                waiting += 1
                mark = Text(_("unmarked"), style="bold yellow")
            else:
                mark = Text(f"{result.mark.points:g}/{result.mark.max_points:g}" if result.mark else "—")
            at = format_clock(result.at) if result.at is not None else "—"
            queue.append((None, (inert(names.get(team, team)), inert(result.title), at, mark)))
        self._show_rows("#marking", queue)
        self.query_one("#marking").border_title = _("Marking queue ({count})").format(count=waiting)

        if len(live.view.feed) != self._fed:
            fresh = live.view.feed[self._fed :][-FEED_LINES:]
            self._fed = len(live.view.feed)
            self.query_one(EventFeed).add([event_line(live.pack, e) for e in fresh])
        self.refresh_clock()

    def team_width(self) -> int:
        """Cells for a team's name in the grid: the whole name where there is room, 'ThaiCERT (TH)' or
        the short code when the terminal is narrow."""
        return 24 if self.app.size.width >= 100 else 13

    def _show_rows(self, selector: str, rows: list[tuple[str | None, tuple[Any, ...]]]) -> None:
        """Put `rows` (key, cells) in a table, unless it already shows exactly them; the cursor stays on
        its row (by position: the lists are short and keep their order)."""
        table = self.query_one(selector, DataTable)
        if rows == self._rows.get(selector):
            return
        self._rows[selector] = rows
        refill(table, rows)

    def on_resize(self) -> None:
        """Names are chosen for the width: choose again."""
        if self.is_mounted and self.shown:
            self._rows.clear()
            if self.is_current:
                self.catch_up()
            else:
                self.stale = True

    def refresh_clock(self) -> None:
        live = self.app.live
        header = self.query_one(DrillHeader)
        clock = live.view.clock
        header.clock = clock_text(self.app.now)
        status = f"{_(clock.label)} ×{clock.speed:g}" if clock.running else _(clock.label)
        header.status = (status if self.app.hosting or not live.seating.host else
                         _("{clock} (not hosting)").format(clock=status))
        header.local = local_times(live.pack, self.app.now)

    # ------------------------------------------------------------------------------ commands

    def run(self, kind: type[cmd.Command], done: str | None = None, **fields: Any) -> bool:
        """Send one command; a refusal is shown as an error toast rather than raised, and an unreachable
        database is already in the header (the app said so)."""
        try:
            self.app.send(kind, **fields)
        except cmd.CommandRefused as refused:
            self.notify(shown_problem(refused.message), title=_("Refused"), severity="error")
            return False
        except StoreUnavailable:
            return False
        if done:
            self.notify(done)
        return True

    def action_clock(self) -> None:
        clock = self.app.live.view.clock
        if clock.ended:
            self.notify(_("The session has ended."), severity="warning")
        elif not clock.started:
            self.run(cmd.StartClock, _("Clock started."))
        elif clock.running:
            self.run(cmd.PauseClock, _("Clock paused."))
        else:
            self.run(cmd.ResumeClock, _("Clock resumed."))

    def action_speed(self, direction: int) -> None:
        speed = self.app.live.view.clock.speed
        if direction > 0:
            faster = [s for s in SPEEDS if s > speed]
            new = faster[0] if faster else SPEEDS[-1]
        else:
            slower = [s for s in SPEEDS if s < speed]
            new = slower[-1] if slower else SPEEDS[0]
        if new != speed:
            self.run(cmd.SetSpeed, _("Speed ×{speed}.").format(speed=f"{new:g}"), speed=float(new))

    def action_jump(self) -> None:
        def chosen(to: int | None) -> None:
            if to is not None:
                self.run(cmd.JumpClock, _("Clock at {time}.").format(time=format_clock(to)), to=to)

        self.app.push_screen(JumpDialog(self.app.now), chosen)

    def _with_inject(self, verb: str, then: Callable[[str], object]) -> None:
        """The highlighted inject under Coming up, else one chosen from the pack's injects."""
        upcoming = self.query_one("#upcoming", DataTable)
        if upcoming.has_focus and 0 <= upcoming.cursor_row < len(self._upcoming):
            ref = self._upcoming[upcoming.cursor_row].ref
            if ref.startswith("inject:"):
                then(ref.removeprefix("inject:"))
                return
        live = self.app.live
        choices: list[tuple[str, str, str | None]] = []
        for inject in live.pack.injects:
            state = _("delivered") if inject.id in live.view.delivered else (
                _("skipped") if inject.id in live.view.cancelled else "")
            when = format_clock(inject.trigger.at) if inject.trigger and inject.trigger.at is not None else _("on cue")
            choices.append((inject.id, f"{inject.id} · {inject.title or inject.subject}",
                            f"{when} {state}".strip()))
        def chosen(inject: str | None) -> None:
            if inject:
                then(inject)

        self.app.push_screen(ActionPicker(verb, choices), chosen)

    def action_fire(self) -> None:
        self._with_inject(_("Fire which inject?"),
                          lambda i: self.run(cmd.FireInject, _("Fired {inject}.").format(inject=i), inject=i))

    def action_delay(self) -> None:
        def delay(inject: str) -> None:
            def chosen(by: int | None) -> None:
                if by:
                    done = _("Delayed {inject} by {minutes} min.").format(inject=inject, minutes=by // 60)
                    self.run(cmd.DelayInject, done,
                             inject=inject, by=by)

            self.app.push_screen(DurationDialog(inject), chosen)

        self._with_inject(_("Delay which inject?"), delay)

    def action_skip(self) -> None:
        def skip(inject: str) -> None:
            def chosen(reason: str | None) -> None:
                if reason:
                    self.run(cmd.SkipInject, _("Skipped {inject}.").format(inject=inject), inject=inject, reason=reason)

            self.app.push_screen(ReasonDialog(_("Skip an inject"), inject, _("skipped by the instructor")), chosen)

        self._with_inject(_("Skip which inject?"), skip)

    def action_write(self) -> None:
        live = self.app.live
        teams = live.view.started.teams if live.view.started else tuple(t.id for t in live.pack.teams)

        def chosen(msg: AdHoc | None) -> None:
            if msg is not None:
                self.run(cmd.WriteInject, _("Message delivered."), sender=msg.sender, to=msg.to, channel=msg.channel,
                         tlp=msg.tlp, subject=msg.subject, body=msg.body)

        self.app.push_screen(WriteDialog(live.pack, tuple(teams)), chosen)

    def action_mark(self) -> None:
        live = self.app.live
        marking = self.query_one("#marking", DataTable)
        if not 0 <= marking.cursor_row < len(self._marking):
            self.notify(_("Nothing to mark yet: no team has answered a marked step."), severity="warning")
            return
        team, step_id, _title = self._marking[marking.cursor_row]
        step = live.pack.step(step_id)
        assert step.marking is not None
        result = next(s for s in live.scorecard().team(team).steps if s.step == step_id)
        action = live.view.action(result.action_id) if result.action_id else None
        answer = str(action.fields.get(step.marking.field, "")) if action else ""

        def chosen(mark: MarkChoice | None) -> None:
            if mark is not None:
                done = _("Marked {step}: {points}.").format(step=step.title, points=f"{mark.points:g}")
                self.run(cmd.GiveMark, done, team=team, step=step_id,
                         points=mark.points, comment=mark.comment, evaluator="instructor")

        title = f"{team_label(live.pack, team)} · {step.title}"
        self.app.push_screen(MarkDialog(title, step.marking.rubric, answer, step.marking.points, result), chosen)

    def action_override(self) -> None:
        live = self.app.live

        def chosen(choice: OverrideChoice | None) -> None:
            if choice is not None:
                done = _("Rating of {objective} set to {rating}.").format(objective=choice.objective,
                                                                          rating=choice.rating)
                self.run(cmd.OverrideRating, done,
                         team=choice.team, objective=choice.objective, rating=choice.rating,
                         justification=choice.justification)

        self.app.push_screen(OverrideDialog(live.pack, live.scorecard()), chosen)

    def action_end(self) -> None:
        live = self.app.live
        if live.view.clock.ended:
            self.write_report()
            return

        def chosen(ok: bool | None) -> None:
            if ok and self.run(cmd.EndSession, _("Session ended.")):
                self.write_report()

        text = _("Steps not done become missed and the scores are final. The report is written to a file.")
        self.app.push_screen(ConfirmDialog(_("End the session?"), text, _("End")), chosen)

    def write_report(self) -> Path | None:
        """Render the HTML report into the reports folder and show where it is."""
        from cyberdrill.report import render_report

        live = self.app.live
        folder = self.app.options.reports_dir
        if folder is None:
            from cyberdrill.paths import data_dir

            folder = data_dir() / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{live.pack.id}-{live.id[:8]}.html"
        events = [event for _, event in live.log.read(live.id)]
        try:
            path.write_text(render_report(live.scorecard(), live.loaded, "html", events=events), encoding="utf-8")
        except Exception as exc:  # the report layer explains (a broken template ...); the session is safe
            problem = _("The report could not be written: {problem}").format(problem=exc)
            self.notify(problem, severity="error", timeout=15)
            return None
        where = f"{path}\n\n" + _("Open it in a browser; print to PDF from there.")
        self.app.push_screen(NoticeDialog(_("Report written"), where))
        return path
