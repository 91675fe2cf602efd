"""The command palette (ctrl+p): every action of the console the user is on, by name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp

Command = tuple[str, Callable[[], object], str]


class DrillCommands(Provider):
    """Actions of the team or instructor console, and switching console."""

    def _commands(self) -> Iterator[Command]:
        from cyberdrill.tui.instructor.screen import InstructorScreen
        from cyberdrill.tui.team.acting import open_action_form
        from cyberdrill.tui.team.screen import TeamScreen

        app: CyberdrillApp = self.app  # type: ignore[assignment]
        if app.session is None:
            return
        live = app.live
        screen = self.screen
        if isinstance(screen, TeamScreen):
            for name, spec in live.pack.actions.items():
                yield f"Act: {spec.title}", partial(open_action_form, app, screen.team, name), spec.description or ""
            yield "Reply to this message", screen.action_reply, "an action pre-filled from the message"
            yield "Evidence locker", screen.action_evidence, "hash and register attachments"
            yield "Sent items", partial(screen.action_history, "sent"), "what your team sent, and the replies"
            yield "Timeline", partial(screen.action_history, "timeline"), "your team's messages and actions"
        if isinstance(screen, InstructorScreen):
            for label, action, help_text in screen.palette_entries():
                yield label, action, help_text
        for mode, label in app.seat_modes():
            yield f"Switch to the {label}", partial(app.switch_mode, mode), "hot-seat"
        yield "Back to the launcher", app.action_leave, "leave this session (it stays saved)  ctrl+l"

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
