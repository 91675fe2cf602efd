"""The launcher: packs to play (bundled and from a folder), sessions to resume, and starting one."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Label, Static

from cyberdrill.i18n import N_, _, current_language
from cyberdrill.pack.translations import localize
from cyberdrill.tui.inert import inert
from cyberdrill.tui.keys import LAUNCHER_KEYS
from cyberdrill.tui.launcher.catalogue import PackEntry, load_entry, pack_folders
from cyberdrill.tui.widgets.footer import DrillFooter
from cyberdrill.tui.widgets.header import DrillHeader

N_("open")  # a session's status, as the store writes it
N_("ended")

if TYPE_CHECKING:
    from cyberdrill.service import SessionInfo
    from cyberdrill.tui.app import CyberdrillApp
    from cyberdrill.tui.launcher.opening import NewSession


class LauncherScreen(Screen[None]):
    """Choose a pack and start a session (n), or resume a stored one (enter on Sessions)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = LAUNCHER_KEYS.bindings()

    app: CyberdrillApp

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, PackEntry] = {}
        self.stored: dict[str, SessionInfo] = {}
        self._shown = False  # the first showing loads the sessions after the first paint (on_mount)

    def compose(self) -> ComposeResult:
        yield DrillHeader(id="header")
        with Horizontal(id="launcher-top"):
            yield DataTable(id="packs", cursor_type="row")
            with VerticalScroll(id="pack-detail"):
                yield Static(_("Loading packs…"), id="pack-summary")
        with Vertical(id="launcher-sessions"):
            yield DataTable(id="sessions", cursor_type="row")
        with Horizontal(id="launcher-buttons"):
            yield Label("", id="launcher-status", classes="dim")
            yield Button(_("New session  n"), id="new", variant="primary", compact=True)
            yield Button(_("Resume  o"), id="resume", compact=True)
        yield DrillFooter()

    def on_mount(self) -> None:
        header = self.query_one(DrillHeader)
        header.title = "cyberdrill"
        header.subtitle = _("procedure-scored incident-response drills")
        header.clock = _("choose a drill")
        packs = self.query_one("#packs", DataTable)
        packs.border_title = _("Packs")
        # Length and teams first: a long title would push them out of the panel.
        packs.add_column(_("Length"), key="duration")
        packs.add_column(_("Teams"), key="teams")
        packs.add_column(_("Pack"), key="title")
        sessions = self.query_one("#sessions", DataTable)
        sessions.border_title = _("Sessions to resume")
        for label, key in ((_("Session"), "id"), (_("Pack"), "pack"), (_("Teams"), "teams"), (_("Status"), "status"),
                           (_("Time"), "time"), (_("Created"), "created")):
            sessions.add_column(label, key=key)
        self.query_one("#pack-detail").border_title = _("About")
        packs.focus()
        # After the first paint: the workers import pydantic and the database layer, and would otherwise
        # compete with the painting for the interpreter.
        self.call_after_refresh(self.load_packs)
        self.call_after_refresh(self.load_sessions)

    def on_screen_resume(self) -> None:
        """Back from a session (ctrl+l): the list of sessions has moved on since it was read."""
        if self._shown:
            self.query_one("#launcher-status", Label).update("")
            self.load_sessions()
        self._shown = True

    # ---------------------------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="packs")
    def load_packs(self) -> None:
        options = self.app.options
        for path, source in pack_folders(options.pack, options.packs_dir, bundled=options.bundled):
            entry = load_entry(path, source)
            self.app.call_from_thread(self.add_pack, entry)
        self.app.call_from_thread(self._packs_loaded)

    def add_pack(self, entry: PackEntry) -> None:
        self.entries[entry.key] = entry
        title = (inert(localize(entry.loaded.pack, current_language()).title) if entry.loaded else
                 inert(f"⚠ {entry.title}", style="dim"))
        self.query_one("#packs", DataTable).add_row(inert(entry.duration), inert(entry.teams), title, key=entry.key)
        if len(self.entries) == 1:
            self.show_pack(entry)

    def _packs_loaded(self) -> None:
        if not self.entries:
            self.query_one("#pack-summary", Static).update(
                _("No pack found. Name a folder of packs with cyberdrill play --packs DIR, "
                  "or create one with cyberdrill new DIR.")
            )

    @work(thread=True, exclusive=True, group="sessions")
    def load_sessions(self) -> None:
        try:
            infos = self.app.event_log().sessions()
        except Exception as exc:  # the store says why (a newer schema, an unreachable server ...)
            self.app.call_from_thread(self._store_problem, str(exc))
            return
        self.app.call_from_thread(self.show_sessions, infos)

    def _store_problem(self, problem: str) -> None:
        shown = _("⚠ sessions: {problem}").format(problem=problem)
        self.query_one("#launcher-status", Label).update(inert(shown, style="bold red"))

    def show_sessions(self, infos: list[SessionInfo]) -> None:
        from cyberdrill.pack.model import format_clock

        table = self.query_one("#sessions", DataTable)
        table.clear()
        self.stored = {info.id: info for info in infos}
        ordered = sorted(infos, key=lambda i: (i.status != "open", i.created_at or ""), reverse=False)
        for info in ordered:
            table.add_row(
                info.id[:8], inert(info.pack), inert(", ".join(info.teams)), inert(_(info.status)),
                format_clock(info.exercise_time), inert((info.created_at or "")[:16].replace("T", " ")), key=info.id,
            )
        table.border_title = (_("Sessions to resume ({count})").format(count=len(infos)) if infos else
                              _("Sessions to resume (none yet)"))

    # ---------------------------------------------------------------------------------- choosing

    @on(DataTable.RowHighlighted, "#packs")
    def pack_highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self.entries.get(str(event.row_key.value))
        if entry is not None:
            self.show_pack(entry)

    def show_pack(self, entry: PackEntry) -> None:
        """The pack's title, summary, length, teams and objectives (plain text: no Markdown parser needed
        before the first paint)."""
        summary = self.query_one("#pack-summary", Static)
        if entry.loaded is None:
            summary.update(Text.assemble(inert(entry.title, "bold"), " " + _("does not load:") + "\n\n",
                                         inert(entry.problem or "", "red")))
            return
        pack = localize(entry.loaded.pack, current_language())  # the pack's own texts in this console's language
        text = inert(pack.title, style="bold")
        text.append_text(inert(f"\n\n{pack.summary.strip()}\n\n"))
        text.append(_("Length") + " ", style="dim")
        text.append_text(inert(_("{duration} of exercise time · ×{scale} · version {version}").format(
            duration=entry.duration, scale=f"{pack.time_scale:g}", version=pack.version) + "\n\n"))
        text.append(_("Teams") + "\n", style="bold")
        for t in pack.teams:
            text.append_text(inert(f"  {t.name} — {t.country}, {t.timezone}\n"))
        text.append("\n" + _("Objectives") + "\n", style="bold")
        for o in pack.objectives:
            text.append_text(inert(f"  • {o.text}\n"))
        summary.update(text)

    @on(DataTable.RowSelected, "#packs")
    @on(Button.Pressed, "#new")
    def action_new_session(self) -> None:
        from cyberdrill.tui.launcher.new_session import NewSessionDialog

        entry = self._chosen_pack()
        if entry is None or entry.loaded is None:
            self.notify(_("Choose a pack that loads first."), severity="warning")
            return
        seed = self.app.options.seed if self.app.options.seed is not None else random.randint(1, 9999)

        def chosen(choice: NewSession | None) -> None:
            if choice is not None:
                self.query_one("#launcher-status", Label).update(_("Generating the world of this run…"))
                self.start(entry, choice)

        self.app.push_screen(NewSessionDialog(entry.loaded.pack, seed), chosen)

    def _chosen_pack(self) -> PackEntry | None:
        table = self.query_one("#packs", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.entries.get(str(key))

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def start(self, entry: PackEntry, choice: NewSession) -> None:
        from cyberdrill.tui.launcher.opening import start_session

        assert entry.loaded is not None
        try:
            live = start_session(self.app.event_log(), entry.loaded, choice, self.app.options.clock)
        except Exception as exc:  # shown, not raised: the launcher stays usable
            self.app.call_from_thread(self._failed, _("Could not start the session: {problem}").format(problem=exc))
            return
        self.app.call_from_thread(self.app.install, live)
        if choice.hosted:
            self.app.call_from_thread(self._announce_hosted, live.id, choice.teams)

    def _announce_hosted(self, session: str, teams: tuple[str, ...]) -> None:
        lines = "\n".join(f"cyberdrill join {session[:8]} --team {t}" for t in teams)
        self.app.notify(_("Teams join from their terminals with:\n{commands}").format(commands=lines),
                        title=_("Session hosted"), timeout=30)

    def _failed(self, message: str) -> None:
        self.query_one("#launcher-status", Label).update("")
        self.notify(message, severity="error", timeout=10)

    @on(DataTable.RowSelected, "#sessions")
    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            self.notify(_("No stored session to resume."), severity="warning")
            return
        info = self.stored[str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)]
        from cyberdrill.service import needs_passphrase

        if needs_passphrase(info):
            from cyberdrill.tui.launcher.passphrase import PassphraseDialog

            def checked(passphrase: str | None) -> None:
                if passphrase is not None:
                    self.resume(info, passphrase)

            self.app.push_screen(PassphraseDialog(info), checked)
        else:
            self.resume(info)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def resume(self, info: SessionInfo, passphrase: str = "") -> None:
        from cyberdrill.service import SessionPackProblem, locate_pack
        from cyberdrill.tui.launcher.opening import open_session

        try:
            try:
                folder = locate_pack(info, [e.path for e in self.entries.values()])
            except SessionPackProblem as problem:
                raise LookupError(_("{problem}; offer its folder with cyberdrill play --packs DIR").format(
                    problem=problem)) from None
            entry = next((e for e in self.entries.values() if e.path == folder.resolve()), None)
            loaded = entry.loaded if entry and entry.loaded else None
            if loaded is None:
                loaded = load_entry(folder, "given").loaded
            if loaded is None:
                raise LookupError(_("pack {pack} does not load").format(pack=repr(info.pack)))
            live = open_session(self.app.event_log(), loaded, info, self.app.options.clock, passphrase=passphrase)
        except Exception as exc:  # shown, not raised
            shown = _("Could not resume {session}: {problem}").format(session=info.id[:8], problem=exc)
            self.app.call_from_thread(self._failed, shown)
            return
        self.app.call_from_thread(self.app.install, live)
