"""The instructor seat's passphrase prompt."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PassphraseDialog(ModalScreen[bool]):
    """Asks for the passphrase and checks it against the stored hash; dismisses True once it matches,
    False when cancelled."""

    DEFAULT_CSS = """
    PassphraseDialog { align: center middle; }
    PassphraseDialog > Vertical { width: 60; height: auto; border: thick $warning; background: $surface; padding: 0 1; }
    #passphrase-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="passphrase.cancel")]

    def __init__(self, session: str, stored_hash: str) -> None:
        super().__init__()
        self.session = session
        self.stored_hash = stored_hash

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Instructor seat · session {self.session[:8]}", classes="title")
            yield Label("The passphrase set when the session was created:")
            yield Input(password=True, id="passphrase")
            yield Label("", id="passphrase-error")

    @on(Input.Submitted)
    def check(self, event: Input.Submitted) -> None:
        from cyberdrill.store.seats import verify_passphrase

        if verify_passphrase(event.value, self.stored_hash):
            self.dismiss(True)
            return
        self.query_one("#passphrase-error", Label).update("⚠ That is not the session's passphrase.")
        event.input.value = ""

    def action_cancel(self) -> None:
        self.dismiss(False)
