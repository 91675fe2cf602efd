"""The command palette (ctrl+p): every action of the console the user is on, by name.

The keys come from the screen's key table (tui/keys.py), so the palette lists what F1 and the footer
list; the team console adds one entry per action of the pack ("Act: Freeze request")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cyberdrill.i18n import _
from cyberdrill.tui.inert import escape, inert
from cyberdrill.tui.keys import APP_KEYS, table_of

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp

Command = tuple[str, Callable[[], object], str]


class DrillCommands(Provider):
    """The keys of the screen the palette opened over, the pack's actions on a team console, and
    switching console."""

    def _commands(self) -> Iterator[Command]:
        from cyberdrill.tui.team.acting import open_action_form, shown_pack
        from cyberdrill.tui.team.screen import TeamScreen

        app: CyberdrillApp = self.app  # type: ignore[assignment]
        screen = self.screen
        table = table_of(screen)
        if isinstance(screen, TeamScreen) and app.session is not None:
            for name, spec in shown_pack(app).actions.items():
                title = _("Act: {action}").format(action=spec.title)
                yield title, partial(open_action_form, app, screen.team, name), spec.description or ""
        if table is not None and table is not APP_KEYS:
            for title, key in table.palette_keys():
                yield title, partial(screen.run_action, key.action), f"{key.shown_as}  {key.tooltip}"
        if app.session is not None:
            for mode, label in app.seat_modes():
                title = _("Switch to the {console}").format(console=label)
                yield title, partial(app.switch_mode, mode), _("hot-seat  F2")
        for title, key in APP_KEYS.palette_keys():
            if app.check_action(key.action, ()):
                yield title, partial(app.run_action, key.action), f"{key.shown_as}  {key.tooltip}"

    # The palette reads a string prompt or help as markup; an action's title and description are the
    # pack author's text, so they go in escaped (tui/inert.py).
    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(inert(text), callback, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(text)), callback, help=escape(help_text))
