"""What the event log tells a reader beyond the scores: the instructor's interventions and each request's
history (sent, returned, revised, accepted).

Both read the session's events as recorded; nothing here decides anything the engine did not already decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cyberdrill.engine.events import (
    ActionTaken,
    ClockJumped,
    ClockPaused,
    ClockResumed,
    Event,
    InjectCancelled,
    InjectDelivered,
    InjectScheduled,
    MarkGiven,
    RatingOverridden,
    SpeedChanged,
)
from cyberdrill.pack.model import Pack
from cyberdrill.report.i18n import current

# InjectCancelled reasons the engine writes by itself; any other reason is the instructor's skip.
_ENGINE_CANCELS = {"its unless condition held", "none of its teams is playing", "not in the pack any more"}

InterventionKind = Literal["skipped", "fired", "delayed", "adhoc", "override", "mark", "paused", "resumed",
                           "jumped", "speed", "observation"]
AnswerKind = Literal["accepted", "returned", "none"]


@dataclass(frozen=True, slots=True)
class Intervention:
    """One thing the instructor did to the run (not a team's action)."""

    t: int
    kind: InterventionKind
    team: str | None  # the team it concerns, None: every team or the run itself
    subject: str  # the inject, party, objective or step it concerns
    detail: str  # what was done: the reason, the new rating and justification, the message's subject ...


@dataclass(frozen=True, slots=True)
class Attempt:
    """One sending of a request and the answer it got."""

    t: int
    action_id: str
    revision: int  # 0: first sent; 1, 2 ...: revised and sent again
    answer: AnswerKind
    answer_t: int | None
    answer_subject: str
    answer_from: str


@dataclass(frozen=True, slots=True)
class RequestHistory:
    """A team's request of one kind to one recipient, over all its attempts."""

    team: str
    action: str
    action_title: str
    recipient: str
    recipient_name: str
    attempts: list[Attempt]

    @property
    def outcome(self) -> AnswerKind:
        """The last attempt's answer: how the request stood at the end."""
        return self.attempts[-1].answer


def _subject(subject: str) -> str:
    """A message's subject without the TLP label a pack may lead it with ("TLP:AMBER — Logs preserved")."""
    label, sep, rest = subject.partition(" — ")
    return rest if sep and label.startswith("TLP:") else subject


def _in_language(message: InjectDelivered) -> str:
    """The message's subject in the report's language when the log holds it in that language (h11's `texts`)."""
    return message.texts.get(current(), {}).get("subject") or message.subject


def _names(pack: Pack) -> dict[str, str]:
    return {p.id: p.name for p in pack.parties} | {t.id: t.name for t in pack.teams}


def interventions(events: list[Event], pack: Pack) -> list[Intervention]:
    """The instructor's interventions in the order they happened: injects skipped, fired, delayed; ad-hoc
    messages written as a party; the clock paused, resumed, jumped or sped up; ratings overridden; marks."""
    names = _names(pack)
    injects = {i.id: i for i in pack.injects}
    out: list[Intervention] = []
    for e in events:
        if isinstance(e, InjectCancelled) and e.reason not in _ENGINE_CANCELS and e.in_reply_to is None:
            out.append(Intervention(e.t, "skipped", None, e.inject, e.reason))
        elif isinstance(e, InjectScheduled) and e.cause == "instructor":
            out.append(Intervention(e.t, "delayed", None, e.inject, f"T+{e.due // 3600:02d}:{e.due % 3600 // 60:02d}"))
        elif isinstance(e, InjectDelivered) and e.cause == "instructor":
            inject = injects.get(e.inject or "")
            title = (inject.title if inject and inject.title else None) or e.subject
            for team in e.to:
                out.append(Intervention(e.t, "fired", team, e.inject or "", title))
        elif isinstance(e, InjectDelivered) and e.cause == "adhoc":
            for team in e.to:
                out.append(Intervention(e.t, "adhoc", team, names.get(e.sender, e.sender), e.subject))
        elif isinstance(e, RatingOverridden):
            out.append(Intervention(e.t, "override", e.team, e.objective, f"{e.rating}: {e.justification} ({e.by})"))
        elif isinstance(e, MarkGiven):
            out.append(Intervention(e.t, "mark", e.team, e.step, f"{e.points:g}: {e.comment} ({e.evaluator})"))
        elif isinstance(e, ClockPaused):
            out.append(Intervention(e.t, "paused", None, "", ""))
        elif isinstance(e, ClockResumed):
            out.append(Intervention(e.t, "resumed", None, "", ""))
        elif isinstance(e, ClockJumped):
            out.append(Intervention(e.t, "jumped", None, "", f"T+{e.t_from // 3600:02d}:{e.t_from % 3600 // 60:02d}"))
        elif isinstance(e, SpeedChanged):
            out.append(Intervention(e.t, "speed", None, "", f"x{e.speed:g}"))
    return out


def _answer_kind(delivered: InjectDelivered, rule_id: str | None, pack: Pack) -> AnswerKind:
    """A rejection returns a request; so does a reply of a rule that only picks out a flaw of the request
    (it filters on the request's fields, accepts nothing and changes no fact). Any other reply accepts it."""
    if delivered.cause == "rejection":
        return "returned"
    rule = next((r for r in pack.rules if r.id == rule_id), None)
    inject = next((i for i in pack.injects if i.id == delivered.inject), None)
    if rule is not None and rule.request and not rule.accept_if and rule.effects is None and (
            inject is None or inject.effects is None):
        return "returned"
    return "accepted"


def request_histories(events: list[Event], pack: Pack) -> list[RequestHistory]:
    """Every request a team sent to a party (an action with a recipient the party answered), grouped by team,
    action and recipient, each attempt with the answer it got; in the order the first attempts were sent."""
    names = _names(pack)
    titles = {name: a.title for name, a in pack.actions.items()}
    parties = {p.id for p in pack.parties}
    rules: dict[tuple[str, str], str | None] = {}
    answers: dict[str, InjectDelivered] = {}
    for e in events:
        if isinstance(e, InjectScheduled) and e.in_reply_to is not None:
            rules[(e.in_reply_to, e.inject)] = e.rule
        elif isinstance(e, InjectDelivered) and e.in_reply_to is not None and e.cause in ("reply", "rejection"):
            answers.setdefault(e.in_reply_to, e)
    chains: dict[tuple[str, str, str], list[Attempt]] = {}
    for e in events:
        if not isinstance(e, ActionTaken):
            continue
        recipient = str(e.fields.get("to") or "")
        if recipient not in parties:
            continue
        answer = answers.get(e.action_id)
        chain = chains.setdefault((e.team, e.action, recipient), [])
        kind: AnswerKind = "none" if answer is None else _answer_kind(
            answer, rules.get((e.action_id, answer.inject or "")), pack)
        chain.append(Attempt(t=e.t, action_id=e.action_id, revision=len(chain), answer=kind,
                             answer_t=None if answer is None else answer.t,
                             answer_subject="" if answer is None else _subject(_in_language(answer)),
                             answer_from="" if answer is None else names.get(answer.sender, answer.sender)))
    return [RequestHistory(team=team, action=action, action_title=titles.get(action, action), recipient=to,
                           recipient_name=names.get(to, to), attempts=attempts)
            for (team, action, to), attempts in chains.items()]


def returned_or_revised(histories: list[RequestHistory]) -> list[RequestHistory]:
    """The histories a reader should see: a request returned at least once, or sent more than once."""
    return [h for h in histories if len(h.attempts) > 1 or any(a.answer == "returned" for a in h.attempts)]
