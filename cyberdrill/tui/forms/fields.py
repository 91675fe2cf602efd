"""One input widget per action field type, and reading a value back from it.

Options, examples, help and the live hint all come from the engine's field-kind registry
(engine/fields.py); this module holds no rule. The engine decides whether an action is well-formed and its
`CommandRefused.fields` are what the form shows as errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from cyberdrill.engine.fields import field_example, field_help, field_options, hint_problem, judged_alone
from cyberdrill.engine.quotes import Quote
from cyberdrill.i18n import _
from cyberdrill.pack.model import ActionField, Pack
from cyberdrill.tui.forms.widgets import Checklist, TickBox
from cyberdrill.tui.problems import shown_problem


@dataclass(frozen=True)
class FieldContext:
    """What a form needs besides the field itself: the pack (parties, channels, teams) and the
    attachments the team has received."""

    pack: Pack
    attachments: tuple[str, ...] = ()
    team: str | None = None  # the sending team: a party field offers the other teams
    quotes: tuple[Quote, ...] = ()  # values the team has received, for ctrl+o


class EngineHint(Validator):
    """Colours an Input while it is typed into, with the engine's own check of the field's kind."""

    def __init__(self, spec: ActionField) -> None:
        super().__init__()
        self.spec = spec

    def validate(self, value: str) -> ValidationResult:
        problem = hint_problem(self.spec, value)
        return self.success() if problem is None else self.failure(shown_problem(problem))


def build_field(name: str, spec: ActionField, ctx: FieldContext, value: Any = None) -> Widget:
    """The widget for one field, its id `f-<name>`, showing `value` if given; its tooltip is the kind's help."""
    widget = _widget(name, spec, ctx, value)
    widget.tooltip = field_help(spec)
    return widget


def _widget(name: str, spec: ActionField, ctx: FieldContext, value: Any) -> Widget:
    wid = f"f-{name}"
    options = field_options(ctx.pack, spec, ctx.team, ctx.attachments)
    if options is not None and spec.type != "multichoice":
        known = {v for _, v in options}
        start = value if value in known else Select.NULL
        return Select(options, id=wid, value=start, prompt=spec.placeholder or _("choose…"), compact=True)
    match spec.type:
        case "bool":
            return TickBox(spec.label, bool(value), id=wid, compact=True)
        case "longtext":
            area = TextArea(
                str(value or ""), id=wid, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                placeholder=field_example(spec),
            )
            return area
        case "multichoice":
            chosen = set(value or [])
            return Checklist(*[(label, v, v in chosen) for label, v in options or []], id=wid)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return Input(
        "" if value is None else str(value),
        id=wid,
        placeholder=field_example(spec),
        validators=[EngineHint(spec)] if judged_alone(spec) else [],
        classes="-list" if spec.type == "list" else "",
        validate_on=["changed", "blur"],
        compact=True,
    )


def insert_quote(widget: Input | TextArea, value: str) -> None:
    """Insert a quoted value at the cursor; in a list field, right after an item, as a new item."""
    if isinstance(widget, TextArea):
        widget.insert(value)
        return
    before = widget.value[: widget.cursor_position]
    if widget.has_class("-list") and before and before[-1].isalnum():  # right after an item: a new item
        value = f", {value}"
    widget.insert_text_at_cursor(value)


def read_field(widget: Widget) -> Any:
    """The value a field widget holds, or None when it is empty (the engine then judges 'required')."""
    match widget:
        case Select():
            return None if widget.value is Select.NULL else widget.value
        case Checkbox():
            return widget.value
        case TextArea():
            return widget.text if widget.text.strip() else None
        case SelectionList():
            return list(widget.selected) or None
        case Input():
            return widget.value if widget.value.strip() else None
    raise TypeError(f"not a field widget: {widget!r}")
