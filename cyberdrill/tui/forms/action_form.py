"""The action form: a modal built from an action type's field schema.

The form hands its values to a `submit` callable (the console's link to the service). When the engine
refuses the action, or the database cannot be reached, the form stays open with everything typed and
shows each field's problem beside it. What is typed is kept as a draft (tui/forms/drafts.py) until sent or
discarded; Esc on a changed form asks first. A request returned as incomplete opens with the elements the
counterpart said were missing marked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from cyberdrill.engine.commands import CommandRefused
from cyberdrill.i18n import N_, _, ngettext
from cyberdrill.pack.model import ActionType
from cyberdrill.store.errors import StoreUnavailable
from cyberdrill.tui.forms.drafts import Drafts
from cyberdrill.tui.forms.fields import FieldContext, build_field, insert_quote, read_field
from cyberdrill.tui.forms.picker import ActionPicker
from cyberdrill.tui.inert import inert
from cyberdrill.tui.keys import Key, KeyTable
from cyberdrill.tui.problems import shown_problem
from cyberdrill.tui.view import party_name
from cyberdrill.tui.widgets.watchers import forget_closed_watchers

FORM_KEYS = KeyTable(
    title=N_("An action form"),
    intro=N_("Fill in the fields and send. Whether the content is right is for the score; the form only refuses "
             "what is missing or malformed, and keeps everything typed when it does."),
    keys=(
        Key("ctrl+s", "send", N_("Send"), "form.send", N_("send the action (the form stays open if it is refused)")),
        Key("escape", "cancel", N_("Cancel"), "form.cancel",
            N_("close the form; when something was typed, it asks before discarding it")),
        Key("tab", "focus_next", N_("Next"), "form.next", N_("the next field"), show=False, bind=False, palette=None),
        Key("shift+tab", "previous_field", N_("Previous"), "form.previous",
            N_("the previous field (also out of an open dropdown)"), show=False, palette=None),
        Key("ctrl+o", "quote", N_("Quote"), "form.quote",
            N_("in a text field: insert a value your team has received (account, IP, domain, reference, name …)")),
        # A modal screen hides the app's keys: help and the seat switch are bound here too. Switching
        # console leaves the form open where it is, with everything typed.
        Key("f1", "app.help", N_("Help"), "form.help", N_("this help"), show=False, palette=None),
        Key("f2", "app.seats", N_("Seats"), "form.seats",
            N_("switch console (hot-seat); this form stays open here with what you typed"), show=False,
            palette=None),
    ),
    outro=N_("What you type is kept as a draft of this seat until it is sent or discarded, also across a "
             "restart."),
)

# (fields, reply_to) -> the new action's id; raises CommandRefused when the engine refuses the action.
Submit = Callable[[dict[str, Any], str | None], str]


class ActionForm(ModalScreen[str | None]):
    """Fill in and send one action. Dismisses with the new action's id, or None when cancelled."""

    CSS_PATH = "forms.tcss"
    BINDINGS = FORM_KEYS.bindings()
    SAVE_AFTER = 0.5  # seconds of quiet before a draft is written

    def __init__(
        self,
        action: str,
        spec: ActionType,
        context: FieldContext,
        submit: Submit,
        values: dict[str, Any] | None = None,
        reply_to: str | None = None,
        reply_label: str | None = None,
        drafts: Drafts | None = None,
        draft_key: str | None = None,
        returned: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.action = action
        self.spec = spec
        self.context = context
        self.submit = submit
        self.reply_to = reply_to
        self.reply_label = reply_label
        self.drafts = drafts if draft_key else None
        self.draft_key = draft_key or ""
        self.restored = self.drafts.load(self.draft_key) if self.drafts else None
        self.values = {**(values or {}), **(self.restored or {})}
        self.returned = dict(returned or {})  # field (or "") -> what the counterpart said was missing
        self._opened: dict[str, Any] = {}
        self._last: dict[str, Any] = {}
        self._ready = False  # mounted, and `_opened` taken
        self._finished = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(self._title(), id="form-title")
            if self.reply_label:
                yield Label(_("In reply to {message}").format(message=self.reply_label), id="form-reply", classes="dim")
            if self.spec.description:
                yield Static(self.spec.description, id="form-description", classes="dim")
            if self.restored:
                yield Label(_("Draft restored: what you typed before. Esc, then Discard, drops it."),
                            id="form-draft", classes="dim")
            with VerticalScroll(id="form-fields", can_focus=False):
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
                yield Label(_("^o quote a value you received · esc cancel"), id="form-keys", classes="dim")
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Send ^s"), id="send", variant="primary", compact=True)

    def _title(self) -> str:
        to = self.values.get("to")
        if to:
            return f"{self.spec.title} → {party_name(self.context.pack, str(to))}"
        return self.spec.title

    def on_unmount(self) -> None:
        if not self._finished:
            self.keep_draft()
        self.app.call_later(forget_closed_watchers, self.app)

    def on_mount(self) -> None:
        first = self.query(".field-row Input, .field-row Select, .field-row TextArea, .field-row Checkbox")
        empty = [w for w in first if read_field(w) in (None, False)]
        target = empty[0] if empty else (first.first() if first else None)
        if target is not None:
            target.focus()
        self._opened = self._typed()
        self._ready = True
        if self.returned:
            self._mark(self.returned, _("↩ returned:"), _("↩ Returned as incomplete; the missing elements are marked."))

    # ---------------------------------------------------------------------------------- drafts

    def _typed(self) -> dict[str, Any]:
        """What the fields hold now (while the form closes, what they last held)."""
        try:
            self._last = self.collect()
        except NoMatches:
            pass
        return self._last

    @property
    def changed(self) -> bool:
        """Whether anything was typed, chosen or ticked since the form opened."""
        return self._ready and self._typed() != self._opened

    def keep_draft(self) -> None:
        """Write what is typed as the draft (when it differs from what the form opened with, or a draft was
        restored: it stays until sent or discarded)."""
        if self.drafts is not None and (self.restored is not None or self.changed):
            self.drafts.save(self.draft_key, self._typed())

    def on_input_changed(self) -> None:
        self._later()

    def on_text_area_changed(self) -> None:
        self._later()

    def on_select_changed(self) -> None:
        self._later()

    def on_checkbox_changed(self) -> None:
        self._later()

    def on_selection_list_selected_changed(self) -> None:
        self._later()

    def _later(self) -> None:
        if self.drafts is not None and self._ready:
            self._typed()
            self.set_timer(self.SAVE_AFTER, self._save_if_open, name="draft")

    def _save_if_open(self) -> None:
        if not self._finished:
            self.keep_draft()

    # ---------------------------------------------------------------------------------- quoting

    def action_quote(self) -> None:
        """ctrl+o in a text field: choose a value the team has received and insert it at the cursor."""
        target = self.focused
        if not isinstance(target, (Input, TextArea)):
            self.notify(_("Move to a text field first: ctrl+o inserts a value there."), severity="warning")
            return
        if not self.context.quotes:
            self.notify(_("Nothing to quote yet: your team has received no identifier."), severity="warning")
            return
        quotes = {f"q{n}": q for n, q in enumerate(self.context.quotes)}
        choices: list[tuple[str, str, str | None]] = [(k, q.value, f"{q.kind} · {q.source}") for k, q in quotes.items()]

        def chosen(key: str | None) -> None:
            if key:
                insert_quote(target, quotes[key].value)
            target.focus()

        self.app.push_screen(ActionPicker(_("Quote a value your team received"), choices), chosen)

    # ---------------------------------------------------------------------------------- moving

    def action_previous_field(self) -> None:
        """Shift+Tab: the previous field, also from an open dropdown (which Textual would keep focused)."""
        from textual.widgets import Select

        focused = self.focused
        select = next((w for w in (focused, *(focused.ancestors if focused else ())) if isinstance(w, Select)),
                      None)
        if select is None or not select.expanded:
            self.focus_previous()
            return
        select.expanded = False
        chain = [w for w in self.focus_chain if w is select or select not in w.ancestors]
        chain[chain.index(select) - 1].focus()

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
        except StoreUnavailable:
            self.keep_draft()
            self.query_one("#form-error", Label).update(
                _("⚠ Not sent: the database cannot be reached. Everything you typed is kept; press ctrl+s again."))
            return
        self._finish(discard=True)
        self.dismiss(action_id)

    def _finish(self, discard: bool) -> None:
        self._finished = True
        if discard and self.drafts is not None:
            self.drafts.discard(self.draft_key)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Esc: close an unchanged form; a changed one asks before what was typed is discarded."""
        if not self.changed:
            self._finish(discard=False)
            self.keep_draft()
            self.dismiss(None)
            return
        from cyberdrill.tui.instructor.dialogs import ConfirmDialog

        def chosen(discard: bool | None) -> None:
            if discard:
                self._finish(discard=True)
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(
            _("Discard what you typed?"),
            _("{action}: the fields you filled in will be lost.").format(action=self.spec.title), _("Discard")),
            chosen)

    def _clear_errors(self) -> None:
        for label in self.query(".field-error").results(Label):
            label.update("")
            label.display = False
        for row in self.query(".field-row.-invalid"):
            row.remove_class("-invalid")
        self.query_one("#form-error", Label).update("")

    def show_errors(self, refused: CommandRefused) -> None:
        """Each field's problem under the field; the rest, and a count, at the bottom."""
        count = len(refused.fields)
        summary = (_("⚠ Not sent: {reason}").format(reason=shown_problem(refused.message)) if not count else
                   ngettext("⚠ Not sent: {n} field to fix", "⚠ Not sent: {n} fields to fix", count).format(n=count))
        self._mark(refused.fields, "⚠", summary)

    def _mark(self, problems: dict[str, str], glyph: str, summary: str) -> None:
        stray: list[str] = []
        first: Widget | None = None
        for name, problem in problems.items():
            if name in self.spec.fields:
                label = self.query_one(f"#error-{name}", Label)
                label.update(inert(f"{glyph} {shown_problem(problem)}"))
                label.display = True
                self.query_one(f"#row-{name}").add_class("-invalid")
                first = first or self.field_widget(name)
            else:
                stray.append(f"{name}: {shown_problem(problem)}" if name else shown_problem(problem))
        self.query_one("#form-error", Label).update(inert("\n".join([summary, *stray])))
        if first is not None:
            first.focus()
            first.scroll_visible()
