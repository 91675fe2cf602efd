"""decide(pack, state, command) -> events: what happens when a command meets the session.

Every command first advances the session to its time `at` (docs/engine-semantics.md, "Commands and the
passing of time"); then it is applied; then whatever it made due at once is delivered. The input state is
never changed: the first event copies it, and later events are folded into the copy, so that what is due
next is worked out from the state as it will be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cyberdrill.engine import commands as cmd
from cyberdrill.engine import events as ev
from cyberdrill.engine.commands import CommandRefused
from cyberdrill.engine.debrief_rules import DEBRIEF_COMMANDS
from cyberdrill.engine.delivery import delivered, effects_changed, recipients
from cyberdrill.engine.forms import check_form
from cyberdrill.engine.index import PackIndex, index_of
from cyberdrill.engine.judge import Judge
from cyberdrill.engine.parties import answer
from cyberdrill.engine.state import Pending, State, evolve
from cyberdrill.engine.triggers import (
    Due,
    checkpoints,
    conditions_to_arm,
    due_items,
    first_due,
    trigger_cause,
    trigger_due,
)
from cyberdrill.pack.model import Consequence, Inject, Pack, Step
from cyberdrill.pack.translations import languages_of, source_language
from cyberdrill.pack.vocab import TLP_LABELS
from cyberdrill.textsafe import control_characters


class Work:
    """A decision in progress: the events so far and the state they lead to."""

    def __init__(self, idx: PackIndex, state: State) -> None:
        self.idx = idx
        self.state = state
        self.copied = False
        self.out: list[ev.Event] = []
        self.now = state.t
        self._judge: Judge | None = None

    def emit(self, *events: ev.Event | None) -> None:
        for event in events:
            if event is None:
                continue
            if not self.copied:
                self.state = self.state.copy()
                self.copied = True
            evolve(self.state, event)
            self.out.append(event)
            self._judge = None

    def judge(self) -> Judge:
        if self._judge is None or self._judge.now != self.now:
            self._judge = Judge(self.idx, self.state, self.now)
        return self._judge

    # --------------------------------------------------------------------------------- the passing of time

    def advance(self, target: int) -> None:
        """Deliver, in order and each at its own time, everything due up to `target`."""
        while not self.state.ended:
            self.arm()
            judge = self.judge()
            item = first_due([d for d in due_items(judge) if d.due <= target])
            check = min((c for c in checkpoints(judge) if self.now < c <= target), default=None)
            if item is None and check is None:
                return
            if check is not None and (item is None or check < item.due):
                self.now = check  # statuses changed (a deadline passed): conditions are checked again
                continue
            assert item is not None
            self.now = max(self.now, item.due)
            before = len(self.out)
            self.handle(item)
            if len(self.out) == before:  # it would fall due again at once: fail loudly, never spin
                raise RuntimeError(f"engine: handling {item} recorded nothing")

    def arm(self) -> None:
        """Record every `when` condition that has just become true."""
        for target, delay in conditions_to_arm(self.judge()):
            self.emit(ev.TriggerArmed(t=self.now, target=target, due=self.now + delay))

    def handle(self, item: Due) -> None:
        what = item.what
        if isinstance(what, Step):
            self.open_step(what)
        elif isinstance(what, Pending):
            self.reply(what.event)
        elif isinstance(what, Consequence):
            self.consequence(what)
        else:
            assert isinstance(what, Inject) and what.trigger is not None
            self.fire(what, trigger_cause(what.trigger))

    def open_step(self, step: Step) -> None:
        t = self.now
        deadline = t + step.due if step.due is not None else step.deadline
        self.emit(ev.StepOpened(t=t, step=step.id, team=step.team, due=deadline))

    def fire(self, inject: Inject, cause: ev.DeliveryCause, to: tuple[str, ...] | None = None,
             in_reply_to: str | None = None, context: dict[str, Any] | None = None,
             extra: ev.Event | None = None) -> None:
        """Deliver `inject` now, unless its `unless` holds or no playing team is left to receive it."""
        if inject.unless is not None and self.judge().holds(inject.unless):
            self.emit(ev.InjectCancelled(t=self.now, inject=inject.id, reason="its unless condition held",
                                         in_reply_to=in_reply_to))
            return
        to = recipients(self.state, inject) if to is None else to
        if not to:
            self.emit(ev.InjectCancelled(t=self.now, inject=inject.id, reason="none of its teams is playing",
                                         in_reply_to=in_reply_to))
            return
        self.emit(delivered(self.idx, self.state, inject, self.now, to, cause, in_reply_to, context))
        self.emit(effects_changed(inject.effects, self.now, f"inject:{inject.id}"), extra)

    def reply(self, scheduled: ev.InjectScheduled) -> None:
        inject = self.idx.injects.get(scheduled.inject)
        if inject is None:  # the pack changed under a running session: the reply is dropped, visibly
            self.emit(ev.InjectCancelled(t=self.now, inject=scheduled.inject, reason="not in the pack any more",
                                         in_reply_to=scheduled.in_reply_to))
            return
        request = self.state.actions[int(scheduled.in_reply_to[1:]) - 1] if scheduled.in_reply_to else None
        to = (request.team,) if request is not None else None
        rule_effects = None
        if scheduled.cause == "reply" and scheduled.rule is not None:
            rule = next((r for r in self.idx.pack.rules if r.id == scheduled.rule), None)
            rule_effects = effects_changed(rule.effects if rule else None, self.now, f"rule:{scheduled.rule}")
        self.fire(inject, scheduled.cause, to, scheduled.in_reply_to, scheduled.context, rule_effects)

    def consequence(self, consequence: Consequence) -> None:
        if consequence.unless is not None and self.judge().holds(consequence.unless):
            self.emit(ev.ConsequenceCancelled(t=self.now, consequence=consequence.id,
                                              reason="its unless condition held"))
            return
        self.emit(ev.ConsequenceApplied(t=self.now, consequence=consequence.id),
                  effects_changed(consequence.effects, self.now, f"consequence:{consequence.id}"))
        if consequence.inject is not None and consequence.inject in self.idx.injects:
            self.fire(self.idx.injects[consequence.inject], "consequence")


# --------------------------------------------------------------------------------------------- commands


def _playing(state: State, team: str) -> None:
    if team not in state.teams:
        raise CommandRefused(f"team {team!r} is not playing in this session", {"team": "not playing"})


def _start(work: Work, c: cmd.StartSession) -> None:
    if work.state.started:
        raise CommandRefused("the session has already started")
    pack = work.idx.pack
    teams = tuple(c.teams) or tuple(t.id for t in pack.teams)
    unknown = [t for t in teams if t not in work.idx.teams]
    if unknown:
        raise CommandRefused(f"no such team in the pack: {', '.join(unknown)}", {"teams": "unknown team"})
    languages = {t: work.idx.teams[t].language for t in teams}
    asked = dict(c.languages or {})
    strangers = [t for t in asked if t not in teams]
    if strangers:
        raise CommandRefused(f"a language is given for a team not playing: {', '.join(strangers)}",
                             {"languages": "team not playing"})
    offered = languages_of(pack)
    unknown_langs = sorted({lang for lang in asked.values() if lang not in offered})
    if unknown_langs:
        raise CommandRefused(f"the pack is not offered in {', '.join(unknown_langs)} (it offers "
                             f"{', '.join(offered)})", {"languages": "not offered"})
    languages.update(asked)
    source = source_language(pack)
    languages = {t: lang for t, lang in languages.items() if lang != source}  # the rest read the pack's own
    work.emit(ev.SessionStarted(
        t=0, session=c.session, pack=pack.id, pack_version=pack.version, pack_hash=c.pack_hash, seed=c.seed,
        teams=teams, world=c.world, attachments=c.attachments,
        time_scale=c.time_scale if c.time_scale is not None else pack.time_scale, wall_at=c.wall_at,
        languages=languages,
    ))
    work.advance(max(0, c.at))


def _take_action(work: Work, c: cmd.TakeAction, t: int) -> None:
    _playing(work.state, c.team)
    fields = check_form(work.idx, work.state, c.team, c.action, dict(c.fields), c.reply_to)
    action = ev.ActionTaken(t=t, action_id=f"A{len(work.state.actions) + 1}", team=c.team, action=c.action,
                            fields=fields, reply_to=c.reply_to, wall_at=c.wall_at)
    work.emit(action)
    work.emit(*answer(work.judge(), action))


# Bounds of what an instructor or evaluator types (marks, overrides, ad-hoc injects): text only, no
# control characters (textsafe's definition), at most this many characters.
TEXT_LIMITS = {"subject": 300, "body": 20_000, "comment": 5_000, "justification": 5_000, "evaluator": 100}


def _text_problems(**values: object) -> dict[str, str]:
    """Each named value that is not text within its TEXT_LIMITS length, free of control characters."""
    problems = {}
    for name, value in values.items():
        if not isinstance(value, str):
            problems[name] = "must be text"
        elif len(value) > TEXT_LIMITS[name]:
            problems[name] = f"at most {TEXT_LIMITS[name]} characters"
        elif control_characters(value):
            problems[name] = f"control characters are not allowed ({', '.join(control_characters(value)[:3])})"
    return problems


def _refuse_text(**values: object) -> None:
    problems = _text_problems(**values)
    if problems:
        raise CommandRefused("; ".join(f"{k}: {v}" for k, v in problems.items()), problems)


def _give_mark(work: Work, c: cmd.GiveMark, t: int) -> None:
    _playing(work.state, c.team)
    if isinstance(c.points, bool) or not isinstance(c.points, int | float):
        raise CommandRefused("a mark is a number of points", {"points": "a number"})
    _refuse_text(comment=c.comment, evaluator=c.evaluator)
    step = work.idx.steps.get(c.step)
    if step is None or step.team != c.team:
        raise CommandRefused(f"team {c.team} has no step {c.step!r}", {"step": "unknown step"})
    if step.marking is None:
        raise CommandRefused(f"step {c.step} has no marked part", {"step": "nothing to mark"})
    if not 0 <= c.points <= step.marking.points:
        raise CommandRefused(f"a mark for {c.step} is between 0 and {step.marking.points:g}",
                             {"points": f"between 0 and {step.marking.points:g}"})
    work.emit(ev.MarkGiven(t=t, team=c.team, step=c.step, points=float(c.points), comment=c.comment,
                           evaluator=c.evaluator, wall_at=c.wall_at))


def _override(work: Work, c: cmd.OverrideRating, t: int) -> None:
    _playing(work.state, c.team)
    problems = {}
    if c.objective not in {o.id for o in work.idx.pack.objectives}:
        problems["objective"] = f"{c.objective!r} is not an objective of this exercise"
    if c.rating not in ("P", "S", "M", "U"):
        problems["rating"] = "one of P, S, M, U"
    problems.update(_text_problems(justification=c.justification))
    if not problems.get("justification") and not c.justification.strip():
        problems["justification"] = "an override needs a justification"
    if problems:
        raise CommandRefused("; ".join(f"{k}: {v}" for k, v in problems.items()), problems)
    work.emit(ev.RatingOverridden(t=t, team=c.team, objective=c.objective, rating=c.rating,
                                  justification=c.justification.strip(), wall_at=c.wall_at))


def _triggered(work: Work, inject_id: str) -> Inject:
    inject = work.idx.injects.get(inject_id)
    if inject is None:
        raise CommandRefused(f"there is no inject {inject_id!r}", {"inject": "unknown inject"})
    if inject.trigger is None or inject_id in work.state.done_injects:
        raise CommandRefused(f"inject {inject_id} is not waiting to fire", {"inject": "not waiting"})
    return inject


def _delay(work: Work, c: cmd.DelayInject, t: int) -> None:
    inject = _triggered(work, c.inject)
    assert inject.trigger is not None
    due = work.state.delayed.get(inject.id)
    if due is None:
        due = trigger_due(work.judge(), inject.trigger, f"inject:{inject.id}")
    if due is None or c.by <= 0:
        raise CommandRefused(f"inject {c.inject} has no due time yet" if due is None else "delay by a positive time")
    work.emit(ev.InjectScheduled(t=t, inject=inject.id, due=max(due, t) + c.by, cause="instructor"))


def _write(work: Work, c: cmd.WriteInject, t: int) -> None:
    problems = {}
    if c.sender not in work.idx.parties:
        problems["sender"] = f"{c.sender!r} is not a party"
    if not c.to or any(team not in work.state.teams for team in c.to):
        problems["to"] = "choose playing teams"
    if c.channel not in work.idx.channels:
        problems["channel"] = f"{c.channel!r} is not a channel"
    if c.tlp not in TLP_LABELS:
        problems["tlp"] = f"{c.tlp!r} is not a TLP 2.0 label"
    problems.update(_text_problems(subject=c.subject, body=c.body))
    if "subject" not in problems and not c.subject.strip():
        problems["subject"] = "a message needs a subject"
    if problems:
        raise CommandRefused("; ".join(f"{k}: {v}" for k, v in problems.items()), problems)
    work.emit(ev.InjectDelivered(t=t, message=f"M{len(work.state.messages) + 1}", inject=None, sender=c.sender,
                                 to=tuple(c.to), channel=c.channel, tlp=c.tlp, subject=c.subject.strip(),
                                 body=c.body, cause="adhoc", in_reply_to=c.in_reply_to))


def _clock(work: Work, c: cmd.Command, t: int) -> None:
    s = work.state
    if isinstance(c, cmd.StartClock):
        if s.clock_started:
            raise CommandRefused("the clock has already started")
        work.emit(ev.ClockStarted(t=t, speed=c.speed if c.speed is not None else s.time_scale, wall_at=c.wall_at))
    elif isinstance(c, cmd.PauseClock):
        if not s.clock_running:
            raise CommandRefused("the clock is not running")
        work.emit(ev.ClockPaused(t=t, wall_at=c.wall_at))
    elif isinstance(c, cmd.ResumeClock):
        if not s.clock_started or s.clock_running:
            raise CommandRefused("the clock is not paused")
        work.emit(ev.ClockResumed(t=t, wall_at=c.wall_at))
    elif isinstance(c, cmd.SetSpeed):
        if not c.speed > 0:
            raise CommandRefused("the speed must be above 0", {"speed": "above 0"})
        work.emit(ev.SpeedChanged(t=t, speed=float(c.speed), wall_at=c.wall_at))


_AFTER_END = (cmd.GiveMark, cmd.OverrideRating, *DEBRIEF_COMMANDS)  # the debrief happens after the end


def decide(pack: Pack, state: State, command: cmd.Command) -> list[ev.Event]:
    """The events `command` causes in `state` (which is not changed) under `pack`'s rules. Raises CommandRefused."""
    work = Work(index_of(pack), state)
    if isinstance(command, cmd.StartSession):
        _start(work, command)
        return work.out
    if not state.started:
        raise CommandRefused("the session has not started")
    if state.ended and not isinstance(command, _AFTER_END):
        raise CommandRefused("the session has ended")
    if not state.ended:
        work.advance(command.at)
    t = max(work.now, command.at) if not state.ended else state.t
    work.now = t
    handler = _SIMPLE.get(type(command))
    if handler is not None:
        handler(work, command, t)
    elif isinstance(command, cmd.JumpClock):
        if command.to <= t:
            raise CommandRefused(f"jump forward, past the current time {t}", {"to": "past the current time"})
        work.advance(command.to)
        work.now = command.to
        work.emit(ev.ClockJumped(t=command.to, t_from=t, wall_at=command.wall_at))
    elif isinstance(command, cmd.FireInject):
        inject = work.idx.injects.get(command.inject)
        if inject is None:
            raise CommandRefused(f"there is no inject {command.inject!r}", {"inject": "unknown inject"})
        work.fire(inject, "instructor")
    elif isinstance(command, cmd.SkipInject):
        inject = _triggered(work, command.inject)
        work.emit(ev.InjectCancelled(t=t, inject=inject.id, reason=command.reason))
    elif isinstance(command, cmd.EndSession):
        work.emit(ev.SessionEnded(t=t, wall_at=command.wall_at))
    elif not isinstance(command, cmd.Tick):
        raise CommandRefused(f"unknown command {type(command).__name__}")
    if not work.state.ended:
        work.advance(work.now)  # what the command made due at once (a reply without delay ...)
    return work.out


_SIMPLE: dict[type[cmd.Command], Callable[[Work, Any, int], None]] = {
    cmd.TakeAction: _take_action,
    cmd.GiveMark: _give_mark,
    cmd.OverrideRating: _override,
    cmd.DelayInject: _delay,
    cmd.WriteInject: _write,
    cmd.StartClock: _clock,
    cmd.PauseClock: _clock,
    cmd.ResumeClock: _clock,
    cmd.SetSpeed: _clock,
    **DEBRIEF_COMMANDS,
}
