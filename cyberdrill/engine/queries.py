"""Read-only questions the consoles ask of a session: which of a team's messages still wait for an answer
(and which message answered each), the attachment digests recorded when the session started, and the
pack's evidence action with the fields the evidence locker fills in.

Pure functions of the pack and the engine's state (engine/state.py), so a console shows what the engine
knows instead of inferring it: a reply is awaited while the engine has it scheduled, not because a message
went out; an attachment's digest is the one recorded in `session_started`, not a hash of today's files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cyberdrill.engine import events as ev
from cyberdrill.engine.state import State
from cyberdrill.pack.model import Pack
from cyberdrill.pack.translations import source_language


@dataclass(frozen=True)
class ReplyStatus:
    """What became of one of a team's messages (an action with a `to` field).

    `awaiting`: a party's reply (or rejection) is scheduled and not delivered yet, or the message went to
    another team that has not answered it (unless the message was itself an answer). `reply`: the id of
    the message that answered it (delivered to the sending team), if any. Neither: no answer is coming
    (no rule answers, or the answer was cancelled).
    """

    action_id: str
    awaiting: bool
    reply: str | None


def reply_statuses(state: State, team: str) -> dict[str, ReplyStatus]:
    """Action id -> ReplyStatus for each of `team`'s actions addressed to someone (a `to` field), oldest
    first."""
    scheduled = {p.event.in_reply_to for p in state.pending if p.event.in_reply_to}
    answers: dict[str, str] = {}  # action id -> first message to `team` answering it
    team_deliveries: dict[str, str] = {}  # action id of a team message -> the message its addressee got
    for m in state.messages:
        if m.in_reply_to is None:
            continue
        if m.cause == "team":
            team_deliveries.setdefault(m.in_reply_to, m.message)
        elif team in m.to:
            answers.setdefault(m.in_reply_to, m.message)
    # A team's answer to a team message is that team's action replying to the delivered message; what the
    # first team receives is the delivery of that action.
    answering = {a.reply_to: a.action_id for a in state.actions if a.reply_to and a.team != team}
    statuses: dict[str, ReplyStatus] = {}
    for a in state.actions:
        if a.team != team or not a.fields.get("to"):
            continue
        reply = answers.get(a.action_id)
        delivered = team_deliveries.get(a.action_id)
        if delivered is not None and reply is None:
            answer = answering.get(delivered)
            reply = team_deliveries.get(answer) if answer is not None else None
            # a team message that itself answers a message waits for nothing
            statuses[a.action_id] = ReplyStatus(a.action_id, reply is None and a.reply_to is None, reply)
        else:
            statuses[a.action_id] = ReplyStatus(a.action_id, reply is None and a.action_id in scheduled, reply)
    return statuses


def awaiting_replies(state: State, team: str) -> list[str]:
    """Ids of `team`'s messages still waiting for an answer (see ReplyStatus), oldest first."""
    return [s.action_id for s in reply_statuses(state, team).values() if s.awaiting]


def recorded_digests(state: State) -> dict[str, str]:
    """Attachment name -> the SHA-256 recorded when the session started (what matchers score against,
    whatever the pack's files say today)."""
    return {name: str(info["sha256"]) for name, info in state.attachments.items() if info.get("sha256")}


def recorded_digest(state: State, name: str) -> str | None:
    """The SHA-256 of attachment `name` recorded when the session started; None when it was not recorded."""
    return recorded_digests(state).get(name)


@dataclass(frozen=True)
class EvidenceAction:
    """The pack's evidence action type and the fields the locker fills in for an attachment."""

    action: str
    digest_field: str  # the sha256 field: gets the recorded digest
    attachment_field: str | None  # the attachment field, when the type has one: gets the name


def evidence_action(pack: Pack) -> EvidenceAction | None:
    """The action type that registers evidence (declared `registers_evidence: true`; older packs: the one
    the format's rule picks), or None when the pack has none."""
    name = pack.evidence_action()
    if name is None:
        return None
    fields = pack.actions[name].fields
    digest = next((f for f, spec in fields.items() if spec.type == "sha256"), None)
    if digest is None:  # declared without a sha256 field: validate refuses such a pack
        return None
    attachment = next((f for f, spec in fields.items() if spec.type == "attachment"), None)
    return EvidenceAction(name, digest, attachment)


def registered_evidence(pack: Pack, state: State, team: str) -> dict[str, int]:
    """Attachment name -> when `team` first registered it: an action of the evidence type naming the
    attachment, or carrying its recorded digest."""
    evidence = evidence_action(pack)
    if evidence is None:
        return {}
    by_digest = {digest.lower(): name for name, digest in recorded_digests(state).items()}
    registered: dict[str, int] = {}
    for a in state.by_type.get((team, evidence.action), []):
        names = set()
        if evidence.attachment_field is not None and isinstance(a.fields.get(evidence.attachment_field), str):
            names.add(str(a.fields[evidence.attachment_field]))
        digest = a.fields.get(evidence.digest_field)
        if isinstance(digest, str) and digest.strip().lower() in by_digest:
            names.add(by_digest[digest.strip().lower()])
        for name in names:
            registered.setdefault(name, a.t)
    return registered



def team_language(pack: Pack, state: State, team: str) -> str:
    """The language `team` reads in this session: the one recorded when it started, else the pack's own."""
    return state.languages.get(team) or source_language(pack)


@dataclass(frozen=True)
class MessageText:
    """A message's subject and body as one reader sees them, and the language they are written in."""

    subject: str
    body: str
    language: str | None  # None: the pack's own text (or a message no pack text made, e.g. an ad-hoc one)


def message_text(state: State, message: ev.InjectDelivered, *, team: str | None = None,
                 language: str | None = None) -> MessageText:
    """`message` in `language` when given (the instructor's choice), else in the language `team` reads;
    the pack's own text when the message was not rendered in that language. TLP, sender and attachments are
    the message's whatever the language."""
    wanted = language if language is not None else (state.languages.get(team) if team is not None else None)
    text = message.texts.get(wanted) if wanted is not None else None
    if text is not None and "subject" in text and "body" in text:
        return MessageText(text["subject"], text["body"], wanted)
    return MessageText(message.subject, message.body, None)


def as_read(state: State, message: ev.InjectDelivered, *, team: str | None = None,
            language: str | None = None) -> ev.InjectDelivered:
    """`message` with the subject and body `message_text` gives for that reader (the message itself when
    they are the pack's own), everything else unchanged: what a console shows in place of the event."""
    text = message_text(state, message, team=team, language=language)
    if text.language is None:
        return message
    return dataclasses.replace(message, subject=text.subject, body=text.body)
