"""The action form: a modal built from an action type's field schema.

The form hands its values to a `submit` callable (the console's link to the service). When the engine
refuses the action, the form stays open with everything typed and shows each field's problem beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Static

from cyberdrill.engine.commands import CommandRefused
from cyberdrill.pack.model import ActionType
from cyberdrill.tui.forms.fields import FieldContext, build_field, read_field
from cyberdrill.tui.view import party_name
from cyberdrill.tui.widgets.watchers import forget_closed_watchers

# (fields, reply_to) -> the new action's id; raises CommandRefused when the engine refuses the action.
Submit = Callable[[dict[str, Any], str | None], str]


class ActionForm(ModalScreen[str | None]):
    """Fill in and send one action. Dismisses with the new action's id, or None when cancelled."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", id="form.send"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        action: str,
        spec: ActionType,
        context: FieldContext,
        submit: Submit,
        values: dict[str, Any] | None = None,
        reply_to: str | None = None,
        reply_label: str | None = None,
    ) -> None:
        super().__init__()
        self.action = action
        self.spec = spec
        self.context = context
        self.submit = submit
        self.values = dict(values or {})
        self.reply_to = reply_to
        self.reply_label = reply_label

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(self._title(), id="form-title")
            if self.reply_label:
                yield Label(f"In reply to {self.reply_label}", id="form-reply", classes="dim")
            if self.spec.description:
                yield Static(self.spec.description, id="form-description", classes="dim")
            with VerticalScroll(id="form-fields"):
                for name, spec in self.spec.fields.items():
                    with Vertical(classes="field-row", id=f"row-{name}"):
                        widget = build_field(name, spec, self.context, self.values.get(name))
                        if isinstance(widget, Checkbox):
                            yield widget
                        else:
                            with Horizontal(classes="field-line"):
                                mark = " *" if spec.required else ""
                                yield Label(f"{spec.label}{mark}", classes="field-label")
                                yield widget
                        if spec.help:
                            yield Label(spec.help, classes="field-help dim")
                        yield Label("", classes="field-error", id=f"error-{name}")
            yield Label("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Send ^s", id="send", variant="primary", compact=True)

    def _title(self) -> str:
        to = self.values.get("to")
        if to:
            return f"{self.spec.title} → {party_name(self.context.pack, str(to))}"
        return self.spec.title

    def on_unmount(self) -> None:
        self.app.call_later(forget_closed_watchers, self.app)

    def on_mount(self) -> None:
        first = self.query(".field-row Input, .field-row Select, .field-row TextArea, .field-row Checkbox")
        empty = [w for w in first if read_field(w) in (None, False)]
        target = empty[0] if empty else (first.first() if first else None)
        if target is not None:
            target.focus()

    # ---------------------------------------------------------------------------------- reading

    def field_widget(self, name: str) -> Widget:
        return self.query_one(f"#f-{name}")

    def collect(self) -> dict[str, Any]:
        """The typed values, empty fields left out (a false checkbox is a value)."""
        values: dict[str, Any] = {}
        for name in self.spec.fields:
            value = read_field(self.field_widget(name))
            if value is not None:
                values[name] = value
        return values

    # ---------------------------------------------------------------------------------- actions

    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        self._clear_errors()
        try:
            action_id = self.submit(self.collect(), self.reply_to)
        except CommandRefused as refused:
            self.show_errors(refused)
            return
        self.dismiss(action_id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _clear_errors(self) -> None:
        for label in self.query(".field-error").results(Label):
            label.update("")
            label.display = False
        for row in self.query(".field-row.-invalid"):
            row.remove_class("-invalid")
        self.query_one("#form-error", Label).update("")

    def show_errors(self, refused: CommandRefused) -> None:
        """Each field's problem under the field; the rest, and a count, at the bottom."""
        stray: list[str] = []
        first: Widget | None = None
        for name, problem in refused.fields.items():
            if name in self.spec.fields:
                label = self.query_one(f"#error-{name}", Label)
                label.update(f"⚠ {problem}")
                label.display = True
                self.query_one(f"#row-{name}").add_class("-invalid")
                first = first or self.field_widget(name)
            else:
                stray.append(f"{name}: {problem}")
        count = len(refused.fields)
        summary = f"⚠ Not sent: {refused.message}" if not count else f"⚠ Not sent: {count} field(s) to fix"
        self.query_one("#form-error", Label).update("\n".join([summary, *stray]))
        if first is not None:
            first.focus()
            first.scroll_visible()
