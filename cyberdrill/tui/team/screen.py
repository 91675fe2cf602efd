"""The team console: a team's inbox and reader, and the keys that open everything else it can do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from cyberdrill.engine.events import InjectDelivered
from cyberdrill.engine.queries import awaiting_replies, registered_evidence
from cyberdrill.i18n import _, ngettext
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.keys import TEAM_KEYS
from cyberdrill.tui.team.acting import open_action_form, pick_action, reply_to_message
from cyberdrill.tui.team.inbox import Inbox
from cyberdrill.tui.team.read_marks import ReadMarks, marks_path
from cyberdrill.tui.team.reader import Reader
from cyberdrill.tui.view import clock_text, local_times, party_name, team_label
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp

TOAST_CHARS = 200  # a toast shows the start of a subject; the reader shows it whole


def toast_text(text: str) -> str:
    """Trainee or pack text for a toast: data (the toast is told not to read markup), no control
    characters, and short."""
    plain = inert(text[: TOAST_CHARS + 1]).plain
    return plain if len(plain) <= TOAST_CHARS else plain[: TOAST_CHARS - 1] + "…"


class TeamScreen(Console):
    """One team's console. Reads the app's LiveSession; sends the team's actions through the app; follows the
    session as every console does (tui/console.py: in the background it only notes that it is stale)."""

    CSS_PATH = "team.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = TEAM_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self, team: str) -> None:
        super().__init__(name=f"team-{team}")
        self.team = team
        self.unread: set[str] = set()
        self._known: set[str] = set()
        self._case_counts: tuple[int, int, int] | None = None
        self._phase: tuple[bool, bool] | None = None  # (hot wash open, session ended) as last shown
        self._last_time: Text | None = None

    # ---------------------------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        live = self.app.live
        yield DrillHeader(id="header")
        with Horizontal(id="team-body"):
            with Vertical(id="team-left"):
                yield Inbox(id="inbox")
                yield Static(id="case")
            yield Reader(live.pack, id="reader")
        yield DrillFooter()

    def on_mount(self) -> None:
        live = self.app.live
        header = self.query_one(DrillHeader)
        header.title = inert(team_label(live.pack, self.team)).plain
        header.subtitle = inert(live.pack.title).plain
        self.query_one("#inbox").border_title = _("Inbox")
        self.query_one("#case").border_title = _("Case")
        self.query_one("#reader").border_title = _("Message")
        # Messages already there when the console opens are unread unless this seat read them before (a
        # resume); no toast announces them.
        self.marks = ReadMarks(marks_path(live.id, self.team))
        self._known = {m.message for m in live.view.inbox(self.team)}
        self.unread = self._known - self.marks.read
        from cyberdrill.tui.team.debrief_hooks import last_time_brief

        self._last_time = last_time_brief(self, self.team)  # last session's score and plan, for the briefing
        self.follow_session()

    # ---------------------------------------------------------------------------------- state -> widgets

    def refresh_view(self) -> None:
        """Show what is new (a toast for each message that arrived while the console is in front; one in
        the background catches up when shown). Only what changed is redrawn."""
        live = self.app.live
        inbox = live.view.inbox(self.team)
        arrived = [m for m in inbox if m.message not in self._known]
        for m in reversed(arrived):
            self._known.add(m.message)
            self.unread.add(m.message)
            if self.is_current:
                sender = party_name(live.pack, m.sender)
                title = _("New message · {sender}").format(sender=toast_text(sender))
                self.notify(toast_text(m.subject), title=title, timeout=6, markup=False)
        table = self.query_one(Inbox)
        table.add_messages(live.pack, list(reversed(inbox)), self.unread)
        table.mark(self.unread)
        self._title_inbox()
        self._refresh_case()
        self.refresh_clock()
        self._debrief_hooks()

    def _title_inbox(self) -> None:
        count = len(self.unread)
        title = ngettext("Inbox ({n} new)", "Inbox ({n} new)", count).format(n=count) if count else _("Inbox")
        inbox = self.query_one("#inbox")
        if inbox.border_title != title:
            inbox.border_title = title

    def refresh_clock(self) -> None:
        live = self.app.live
        header = self.query_one(DrillHeader)
        now = self.app.now
        header.clock = clock_text(now)
        clock = live.view.clock
        header.status = f"{_(clock.label)} ×{clock.speed:g}" if clock.running else _(clock.label)
        header.local = local_times(live.pack, now)
        if live.pack.show_live_score:
            percent = live.scorecard().team(self.team).percent
            header.extra = _("Score {percent} %").format(percent=f"{percent:.0f}")

    def _refresh_case(self) -> None:
        live = self.app.live
        state = live.view.state
        logged = len(registered_evidence(live.pack, state, self.team))
        counts = (logged, len(live.view.sent(self.team)), len(awaiting_replies(state, self.team)))
        if counts == self._case_counts:
            return  # unchanged: no repaint
        self._case_counts = counts
        lines = Text.assemble(
            (_("Evidence") + " ", "dim"), str(counts[0]), ("  " + _("Sent") + " ", "dim"), str(counts[1]),
            ("  " + _("Awaiting reply") + " ", "dim"), str(counts[2]),
        )
        if self._last_time is not None:
            lines.append("\n")
            lines.append_text(self._last_time)
        self.query_one("#case", Static).update(lines)

    # ---------------------------------------------------------------------------------- reading

    @on(Inbox.Opened)
    def open_message(self, event: Inbox.Opened) -> None:
        message = self.app.live.view.message(event.message_id, self.team)
        if message is None:
            return
        reader = self.query_one(Reader)
        if reader.message is not message:  # the cursor kept its message as new ones arrived: keep the scroll
            reader.message = message
        self.marks.add(event.message_id)
        if event.message_id in self.unread:
            self.unread.discard(event.message_id)
            self.query_one(Inbox).mark(self.unread)
            self._title_inbox()

    @property
    def reading(self) -> InjectDelivered | None:
        return self.query_one(Reader).message

    @on(Reader.AttachmentChosen)
    def open_attachment(self, event: Reader.AttachmentChosen) -> None:
        self.view_attachment(event.name)

    def view_attachment(self, name: str, search: bool = False) -> None:
        from cyberdrill.tui.team.attachments import AttachmentScreen

        self.app.push_screen(AttachmentScreen(name, search=search))

    def action_search(self) -> None:
        message = self.reading
        if message is None or not message.attachments:
            self.notify(_("The message you are reading has no attachment to search."), severity="warning")
            return
        self.view_attachment(message.attachments[0], search=True)

    # ---------------------------------------------------------------------------------- acting

    def open_form(self, action: str, values: dict[str, Any] | None = None, reply_to: str | None = None) -> None:
        open_action_form(self.app, self.team, action, values, reply_to)

    def action_act(self) -> None:
        if self.app.live.view.clock.ended:
            self.notify(_("The session has ended."), severity="warning")
            return
        pick_action(self.app, _("What do you do?"), list(self.app.live.pack.actions), self.open_form)

    def action_reply(self) -> None:
        message = self.reading
        if message is None:
            self.notify(_("Open a message first, then press r to answer it."), severity="warning")
            return
        reply_to_message(self.app, self.team, message)

    def action_evidence(self) -> None:
        from cyberdrill.tui.team.evidence import EvidenceScreen

        self.app.push_screen(EvidenceScreen(self.team))

    # ---------------------------------------------------------------------------------- the debrief

    def _debrief_hooks(self) -> None:
        """The hot wash's and the debrief's keys appear when they apply (tui/team/debrief_hooks.py)."""
        from cyberdrill.tui.team.debrief_hooks import debrief_phase

        phase = debrief_phase(self.app.live.view.state)
        if self._phase is not None and phase != self._phase:
            self.refresh_bindings()
            if phase[0] and not self._phase[0] and self.is_current:
                from cyberdrill.i18n import _

                self.notify(_("The instructor has opened the hot wash: press h for your team's form."),
                            title=_("Hot wash"), timeout=10)
        self._phase = phase

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hot_wash", "debrief"):
            if self.app.session is None:
                return False
            from cyberdrill.tui.team.debrief_hooks import debrief_phase

            open_, ended = debrief_phase(self.app.live.view.state)
            return open_ if action == "hot_wash" else ended
        return True

    def action_hot_wash(self) -> None:
        from cyberdrill.tui.team.debrief_hooks import open_hot_wash_form

        open_hot_wash_form(self, self.team)

    def action_debrief(self) -> None:
        from cyberdrill.tui.team.debrief_hooks import open_team_debrief

        open_team_debrief(self, self.team)

    def action_history(self, tab: str) -> None:
        from cyberdrill.tui.team.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.team, tab))
