"""Opening action forms for a team: used by the console, the evidence locker and the command palette."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cyberdrill.engine.commands import TakeAction
from cyberdrill.engine.events import ActionTaken, InjectDelivered, InjectScheduled
from cyberdrill.engine.quotes import team_quotes
from cyberdrill.engine.replies import reply_kinds, reply_values, returned_request
from cyberdrill.i18n import _, current_language
from cyberdrill.pack.model import Pack
from cyberdrill.pack.translations import localize
from cyberdrill.tui.forms.action_form import ActionForm
from cyberdrill.tui.forms.drafts import Drafts, draft_key
from cyberdrill.tui.forms.fields import FieldContext
from cyberdrill.tui.forms.picker import ActionPicker
from cyberdrill.tui.view import party_name

if TYPE_CHECKING:
    from cyberdrill.tui.app import CyberdrillApp


def submit_action(app: CyberdrillApp, team: str, action: str, fields: dict[str, Any], reply_to: str | None) -> str:
    """Send a team's action through the service; returns its id. CommandRefused propagates to the form."""
    new = app.send(TakeAction, team=team, action=action, fields=fields, reply_to=reply_to)
    taken = [e for e in new if isinstance(e, ActionTaken) and e.team == team]
    return taken[-1].action_id if taken else ""


def open_action_form(
    app: CyberdrillApp, team: str, action: str, values: dict[str, Any] | None = None, reply_to: str | None = None,
    returned: dict[str, str] | None = None,
) -> None:
    """Push the form for one action type, pre-filled with `values` (a draft the seat kept for this form wins);
    `returned` marks the elements a counterpart said were missing. A toast confirms what was sent."""
    live = app.live
    shown = shown_pack(app)  # the form's words in the seat's language; what is sent is judged on the pack
    spec = shown.actions[action]
    reply_label = None
    if reply_to:
        message = live.view.message(reply_to, team)
        reply_label = f"“{message.subject}” ({reply_to})" if message else reply_to

    def sent(action_id: str | None) -> None:
        if action_id:
            app.notify(_("{action} sent ({id}).").format(action=spec.title, id=action_id), title=_("Sent"))

    received = live.view.received_attachments(team)
    quotes = team_quotes(live.view.inbox(team), {name: live.attachment_text(name) for name in received},
                         {p.id: p.name for p in live.pack.parties})
    context = FieldContext(shown, tuple(received), team, tuple(quotes))
    form = ActionForm(
        action,
        spec,
        context,
        lambda fields, reply: submit_action(app, team, action, fields, reply),
        values,
        reply_to,
        reply_label,
        drafts=Drafts(),
        draft_key=draft_key(live.id, team, action, reply_to),
        returned=returned,
    )
    app.push_screen(form, sent)


def shown_pack(app: CyberdrillApp) -> Pack:
    """The session's pack with its texts in the console's language (contract 7: h11's `localize`)."""
    return localize(app.live.pack, current_language())


def pick_action(app: CyberdrillApp, title: str, names: list[str], then: Callable[[str], None]) -> None:
    """Let the trainee choose among action types (straight to `then` when there is only one)."""
    pack = shown_pack(app)
    if len(names) == 1:
        then(names[0])
        return
    choices = [(n, pack.actions[n].title, pack.actions[n].description) for n in names]

    def chosen(name: str | None) -> None:
        if name:
            then(name)

    app.push_screen(ActionPicker(title, choices), chosen)


def reply_to_message(app: CyberdrillApp, team: str, message: InjectDelivered) -> None:
    """Reply (r): the action types that answer this kind of message first; the form pre-filled with the
    recipient, channel and reference. A request returned as incomplete comes first as "Revise and resend",
    opening with what was sent and the missing elements marked (engine/replies.py decides all of it)."""
    live = app.live
    pack = live.pack
    # The engine's rules read the message as the pack wrote it (its reference, its kind), whatever the team's
    # language: the console may hold it translated.
    message = live.view.message(message.message) or message
    answered = live.view.action(message.in_reply_to) if message.in_reply_to else None
    own = answered if answered is not None and answered.team == team else None
    kinds = reply_kinds(pack, message, own)
    if not kinds:
        app.notify(_("This pack has no action that sends a message."), severity="warning")
        return
    returned = None
    if message.cause == "rejection" and own is not None:
        scheduled = [e for _, e in live.log.read(live.id) if isinstance(e, InjectScheduled)]
        returned = returned_request(pack, message, [own], scheduled)
    revise = "revise:"

    def chosen(choice: str) -> None:
        if returned is not None and choice.startswith(revise):
            open_action_form(app, team, returned.action.action, dict(returned.action.fields), message.message,
                             returned=returned.missing or {"": _("returned as incomplete")})
            return
        open_action_form(app, team, choice, reply_values(pack, choice, message, team), message.message)

    shown = shown_pack(app)
    choices = [(k, shown.actions[k].title, shown.actions[k].description) for k in kinds]
    if returned is not None:
        spec = shown.actions[returned.action.action]
        revise_title = _("Revise and resend: {action}").format(action=spec.title)
        choices.insert(0, (f"{revise}{returned.action.action}", revise_title,
                           _("What you sent, with the elements found missing marked")))

    def picked(choice: str | None) -> None:
        if choice:
            chosen(choice)

    title = _("Reply to {sender}").format(sender=party_name(pack, message.sender))
    app.push_screen(ActionPicker(title, choices), picked)
