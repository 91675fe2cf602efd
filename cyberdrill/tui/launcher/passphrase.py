"""The instructor seat's passphrase prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from cyberdrill.i18n import N_, _

if TYPE_CHECKING:
    from cyberdrill.service import SessionInfo


class PassphraseDialog(ModalScreen[str | None]):
    """Asks for the passphrase and has the service check it; dismisses with it once it opens the
    instructor seat, None when cancelled."""

    DEFAULT_CSS = """
    PassphraseDialog { align: center middle; }
    PassphraseDialog > Vertical { width: 60; height: auto; border: thick $warning; background: $surface; padding: 0 1; }
    #passphrase-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="passphrase.cancel")]

    def __init__(self, info: SessionInfo) -> None:
        super().__init__()
        self.info = info
        self.session = info.id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Instructor seat · session {session}").format(session=self.session[:8]), classes="title")
            yield Label(_("The passphrase set when the session was created:"))
            yield Input(password=True, id="passphrase")
            yield Label("", id="passphrase-error")

    @on(Input.Submitted)
    def check(self, event: Input.Submitted) -> None:
        from cyberdrill.service import check_passphrase

        if check_passphrase(self.info, event.value):
            self.dismiss(event.value)
            return
        self.query_one("#passphrase-error", Label).update(_("⚠ That is not the session's passphrase."))
        event.input.value = ""

    def action_cancel(self) -> None:
        self.dismiss(None)
