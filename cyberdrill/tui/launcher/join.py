"""`cyberdrill join SESSION --team ID`: find the session and its pack, then open that team's console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, LoadingIndicator

from cyberdrill.i18n import _
from cyberdrill.service import SessionPackProblem, locate_pack
from cyberdrill.tui.inert import inert
from cyberdrill.tui.launcher.catalogue import load_entry, pack_folders
from cyberdrill.tui.launcher.opening import open_session
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


class JoinScreen(Screen[None]):
    """Shown while joining; says plainly why when the session, the team or the pack cannot be found."""

    DEFAULT_CSS = """
    JoinScreen Label { width: auto; }
    JoinScreen #join-problem { width: 90%; color: $error; text-style: bold; }  /* wraps at 80 columns */
    """

    app: CyberdrillApp

    def __init__(self, session: str, team: str) -> None:
        super().__init__()
        self.session = session
        self.team = team

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        with Middle():
            with Center():
                joining = _("Joining session {session} as {team}…").format(session=self.session, team=self.team)
                yield Label(inert(joining), id="join-status")
            with Center():
                yield LoadingIndicator()
            with Center():
                yield Label("", id="join-problem")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.query_one(DrillHeader).title = "cyberdrill · join"
        self.join()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def join(self) -> None:
        try:
            log = self.app.event_log()
            try:
                info = log.session(self.session)
            except KeyError:
                raise LookupError(
                    _("no session {session} in this database (see `cyberdrill sessions`)").format(
                        session=repr(self.session))
                ) from None
            if self.team not in info.teams:
                raise LookupError(_("team {team} does not play in session {session}; its teams: {teams}").format(
                    team=repr(self.team), session=info.id[:8], teams=", ".join(info.teams)))
            options = self.app.options
            folders = [path for path, _ in pack_folders(options.pack, options.packs_dir, options.bundled)]
            try:
                folder = locate_pack(info, folders)
            except SessionPackProblem as problem:  # it says where it looked; say what to do
                raise LookupError(_("{problem}; name the folder that holds it with --packs DIR").format(
                    problem=problem)) from None
            entry = load_entry(folder, "given")
            if entry.loaded is None:
                raise LookupError(_("pack {pack} does not load: {problem}").format(pack=repr(info.pack),
                                                                                   problem=entry.problem))
            live = open_session(log, entry.loaded, info, options.clock, team=self.team)
        except Exception as exc:  # shown on screen: the trainee can read it and quit
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.app.install, live)

    def _failed(self, problem: str) -> None:
        self.query_one(LoadingIndicator).display = False
        self.query_one("#join-status", Label).update(_("Could not join."))
        shown = "⚠ {problem}\n\n{quits}".format(problem=problem, quits=_("ctrl+q quits."))
        self.query_one("#join-problem", Label).update(inert(shown))
