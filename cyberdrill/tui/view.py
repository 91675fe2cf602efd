"""What the consoles show, folded from a session's events.

The engine's state answers the rules' questions; this fold answers the screen's: which messages a team
received, what it sent, whether the clock runs, what happened lately. It reads only the event contracts
(engine/events.py), so it never decides a rule, and it imports no Textual so it is cheap to test. It also
folds the same events into the engine's own `State` (`view.state`), which the engine's queries
(engine/queries.py: replies awaited, recorded digests, registered evidence) answer from, on the UI thread
and always in step with the rest of the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rich.text import Text

from cyberdrill.engine import events as ev
from cyberdrill.engine.queries import as_read
from cyberdrill.engine.state import State, evolve, initial_state
from cyberdrill.i18n import N_, _, current_language
from cyberdrill.pack.model import Pack, format_clock


@dataclass
class ClockView:
    """The exercise clock as the events describe it."""

    started: bool = False
    running: bool = False
    speed: float = 1.0
    ended: bool = False

    @property
    def label(self) -> str:
        """'▶' running, '⏸' paused, '■' ended, '·' not started."""
        if self.ended:
            return N_("■ ended")
        if not self.started:
            return N_("· not started")
        return "▶" if self.running else N_("⏸ paused")


@dataclass
class DrillView:
    """A fold of the session's events for the consoles (see `apply`)."""

    started: ev.SessionStarted | None = None
    clock: ClockView = field(default_factory=ClockView)
    t: int = 0  # the latest exercise time any event carried
    messages: list[ev.InjectDelivered] = field(default_factory=list)
    actions: list[ev.ActionTaken] = field(default_factory=list)
    scheduled: dict[str, ev.InjectScheduled] = field(default_factory=dict)  # inject id -> pending schedule
    delivered: set[str] = field(default_factory=set)  # inject ids delivered at least once
    cancelled: set[str] = field(default_factory=set)
    openings: list[ev.StepOpened] = field(default_factory=list)
    feed: list[ev.Event] = field(default_factory=list)
    state: State = field(default_factory=initial_state)  # the engine's fold of the same events
    # (message id, team) -> the message as that team reads it (in its language), made once so that a
    # console comparing messages by identity sees the same object each time
    read: dict[tuple[str, str], ev.InjectDelivered] = field(default_factory=dict, repr=False)

    def apply(self, event: ev.Event) -> None:
        """Fold one event in."""
        evolve(self.state, event)
        self.t = max(self.t, event.t)
        match event:
            case ev.SessionStarted():
                self.started = event
                self.clock.speed = event.time_scale
            case ev.ClockStarted(speed=speed):
                self.clock.started, self.clock.running, self.clock.speed = True, True, speed
            case ev.ClockPaused():
                self.clock.running = False
            case ev.ClockResumed():
                self.clock.running = True
            case ev.SpeedChanged(speed=speed):
                self.clock.speed = speed
            case ev.SessionEnded():
                self.clock.ended, self.clock.running = True, False
            case ev.InjectScheduled():
                self.scheduled[event.inject] = event
            case ev.InjectDelivered():
                self.messages.append(event)
                if event.inject:
                    self.delivered.add(event.inject)
                    pending = self.scheduled.get(event.inject)
                    if pending is not None and pending.due <= event.t:
                        del self.scheduled[event.inject]
            case ev.InjectCancelled():
                self.cancelled.add(event.inject)
                self.scheduled.pop(event.inject, None)
            case ev.ActionTaken():
                self.actions.append(event)
            case ev.StepOpened():
                self.openings.append(event)
        if not isinstance(event, (ev.FactsChanged, ev.InjectScheduled)):
            self.feed.append(event)

    # ----------------------------------------------------------------------------- a team's own view

    def read_by(self, message: ev.InjectDelivered, team: str) -> ev.InjectDelivered:
        """`message` as `team` reads it: its subject and body in the team's language (engine/queries.py)."""
        if not message.texts:
            return message
        key = (message.message, team)
        if key not in self.read:
            self.read[key] = as_read(self.state, message, team=team)
        return self.read[key]

    def inbox(self, team: str) -> list[ev.InjectDelivered]:
        """Messages delivered to `team`, newest first, in the team's language."""
        return [self.read_by(m, team) for m in reversed(self.messages) if team in m.to]

    def sent(self, team: str) -> list[ev.ActionTaken]:
        """The team's own actions, newest first."""
        return [a for a in reversed(self.actions) if a.team == team]

    def message(self, message_id: str, team: str | None = None) -> ev.InjectDelivered | None:
        """The message `message_id`; with `team`, as that team reads it."""
        found = next((m for m in self.messages if m.message == message_id), None)
        return self.read_by(found, team) if found is not None and team is not None else found

    def action(self, action_id: str) -> ev.ActionTaken | None:
        return next((a for a in self.actions if a.action_id == action_id), None)

    def received_attachments(self, team: str) -> list[str]:
        """Names of the attachments of the messages `team` received, in the order first received."""
        seen: dict[str, None] = {}
        for m in self.messages:
            if team in m.to:
                for name in m.attachments:
                    seen.setdefault(name, None)
        return list(seen)

    def timeline(self, team: str) -> list[ev.InjectDelivered | ev.ActionTaken]:
        """What the team received and did, oldest first: nothing of other teams."""
        own: list[ev.InjectDelivered | ev.ActionTaken] = []
        for e in self.feed:
            if isinstance(e, ev.InjectDelivered) and team in e.to:
                own.append(self.read_by(e, team))
            elif isinstance(e, ev.ActionTaken) and e.team == team:
                own.append(e)
        return own


def party_name(pack: Pack, party_id: str) -> str:
    """Who a sender or recipient is: a party's name, a team's brief name ('ThaiCERT'), or the id itself
    when the pack knows neither (a message from a newer pack version must still show)."""
    for p in pack.parties:
        if p.id == party_id:
            return p.name
    for t in pack.teams:
        if t.id == party_id:
            return team_brief(pack, party_id)
    return party_id


def channel_name(pack: Pack, channel_id: str) -> str:
    return next((c.name for c in pack.channels if c.id == channel_id), channel_id)


def team_label(pack: Pack, team_id: str) -> str:
    """'ThaiCERT (TH)': the team's brief name and its short code, for headers and lists with room."""
    for t in pack.teams:
        if t.id == team_id:
            code = t.short or t.country
            brief = team_brief(pack, team_id)
            return brief if brief == code else f"{brief} ({code})"
    return team_id


def team_brief(pack: Pack, team_id: str) -> str:
    """A team's name without its parenthesised gloss: 'ThaiCERT (Thailand's national CERT)' -> 'ThaiCERT'."""
    for t in pack.teams:
        if t.id == team_id:
            head = t.name.split(" (", 1)[0].strip()
            return head or t.name
    return team_id


def teams_fit(pack: Pack, team_ids: list[str], width: int) -> dict[str, str]:
    """One name per team, all of the same kind (whole names, 'ThaiCERT (TH)', brief names or short codes):
    the fullest kind at which every team fits in `width` cells, so a column never mixes 'ThaiCERT' with
    'RU'."""
    teams = [t for t in pack.teams if t.id in team_ids]
    kinds = (
        lambda t: t.name,
        lambda t: team_label(pack, t.id),
        lambda t: team_brief(pack, t.id),
    )
    for kind in kinds:
        names = {t.id: kind(t) for t in teams}
        if all(len(name) <= width for name in names.values()):
            break
    else:
        names = {t.id: t.short or t.country for t in teams}
    return {team: names.get(team, team) for team in team_ids}


def local_time(pack: Pack, timezone: str, t: int) -> datetime:
    """The scenario's wall time at exercise time `t` in `timezone` (pack.start + t)."""
    return (pack.start + timedelta(seconds=t)).astimezone(ZoneInfo(timezone))


def city(timezone: str) -> str:
    """'Asia/Bangkok' -> 'Bangkok'."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def local_times(pack: Pack, t: int) -> str:
    """'Bangkok 10:25 · Moscow 06:25': the local time of each distinct team time zone."""
    zones = list(dict.fromkeys(team.timezone for team in pack.teams))
    return " · ".join(f"{city(z)} {local_time(pack, z, t):%H:%M}" for z in zones)


def clock_text(t: int) -> str:
    """T+hh:mm, always whole minutes (the header refreshes once a second; seconds would flicker)."""
    return format_clock(t - t % 60)


def event_line(pack: Pack, event: ev.Event, language: str | None = None) -> Text:
    """One line of the instructor's event feed, in plain words, as Rich Text built from parts: what a
    trainee, the instructor or the pack wrote is data (tui/inert.py), never markup. A message's subject is
    shown in `language` (default: the console's) when the message was rendered in it, else as the pack
    wrote it."""
    from cyberdrill.tui.inert import inert

    line = Text(format_clock(event.t), style="dim")
    line.append(" ")

    def add(*parts: str | Text) -> Text:
        for part in parts:
            if isinstance(part, Text):
                line.append_text(part)
            else:
                line.append(part)
        return line

    def who(team_id: str) -> Text:
        return inert(team_short(pack, team_id), style="bold")

    def named(what: str, lookup: dict[str, str]) -> Text:
        return inert(lookup.get(what, what))

    steps = {s.id: s.title for s in pack.steps}
    match event:
        case ev.InjectDelivered():
            to = ", ".join(team_short(pack, t) for t in event.to)
            subject = event.texts.get(language or current_language(), {}).get("subject", event.subject)
            return add(inert(party_name(pack, event.sender)), " → ", inert(to), "  ", inert(subject))
        case ev.ActionTaken():
            target = event.fields.get("to")
            title = pack.actions[event.action].title if event.action in pack.actions else event.action
            add(who(event.team))
            if target:
                add(" → ", inert(party_name(pack, str(target))))
            return add("  ", inert(title))
        case ev.InjectCancelled():
            injects = {i.id: i.title or i.subject for i in pack.injects}
            return add(Text(_("not delivered:") + " ", style="dim"), named(event.inject, injects),
                       Text(" — ", style="dim"), inert(event.reason, style="dim"))
        case ev.StepOpened():
            return add(Text(_("step opened for") + " ", style="dim"), who(event.team), Text(": ", style="dim"),
                       named(event.step, steps))
        case ev.MarkGiven():
            return add(_("marked {points} for").format(points=f"{event.points:g}") + " ", who(event.team), ": ",
                       named(event.step, steps))
        case ev.RatingOverridden():
            objectives = {o.id: o.text for o in pack.objectives}
            return add(_("rating set to {rating} for").format(rating=event.rating) + " ", who(event.team), ": ",
                       named(event.objective, objectives))
        case ev.ConsequenceApplied():
            consequences = {c.id: c.title for c in pack.consequences}
            return add(Text(_("consequence") + " ", style="bold yellow"), named(event.consequence, consequences))
        case ev.ConsequenceCancelled():
            consequences = {c.id: c.title for c in pack.consequences}
            return add(Text(_("averted:") + " ", style="dim"), named(event.consequence, consequences))
        case ev.TriggerArmed():
            kind, _sep, target = event.target.partition(":")
            titles = {"step": steps, "inject": {i.id: i.title or i.subject for i in pack.injects},
                      "consequence": {c.id: c.title for c in pack.consequences}}.get(kind, {})
            return add(Text(f"{_(ARMED.get(kind, N_('due')))} {format_clock(event.due)}: ", style="dim"),
                       named(target, titles))
        case ev.ClockStarted():
            return add(_("clock started ×{speed}").format(speed=f"{event.speed:g}"))
        case ev.ClockPaused():
            return add(_("clock paused"))
        case ev.ClockResumed():
            return add(_("clock resumed"))
        case ev.SpeedChanged():
            return add(_("speed ×{speed}").format(speed=f"{event.speed:g}"))
        case ev.ClockJumped():
            return add(_("clock jumped forward from {time}").format(time=format_clock(event.t_from)))
        case ev.SessionStarted():
            return add(_("session {session} started (seed {seed})").format(session=event.session[:8], seed=event.seed))
        case ev.SessionEnded():
            return add(Text(_("session ended"), style="bold"))
        case ev.HotWashOpened():
            return add(Text(_("hot wash opened"), style="bold"))
        case ev.HotWashAnswered():
            return add(_("hot wash:") + " ", who(event.team), " " + _("answered"))
        case ev.ObservationAdded():
            return add(_("observation"), *((" " + _("on") + " ", who(event.team)) if event.team else ()), ": ",
                       inert(event.text))
        case ev.PlanItemSet():
            return add(_("plan row {item}:").format(item=event.item) + " ", inert(event.action))
        case ev.PlanItemRemoved():
            return add(_("plan row {item} removed").format(item=event.item))
    return add(event.TYPE.replace("_", " "))


ARMED = {"step": N_("step opens at"), "inject": N_("inject due at"), "consequence": N_("consequence due at")}


def team_short(pack: Pack, team_id: str) -> str:
    for t in pack.teams:
        if t.id == team_id:
            return t.short or t.country
    return team_id


def without_label(subject: str, label: str) -> str:
    """'TLP:AMBER — Hold placed' -> 'Hold placed' when the label is the message's own: the console shows
    the label as a coloured badge beside it, and the subject is what needs the room."""
    for dash in (" — ", " - ", ": "):
        if subject.startswith(label + dash):
            return subject[len(label) + len(dash):]
    return subject


def body_without_label(body: str, label: str) -> str:
    """A message body without a first line that only repeats the message's own TLP label (packs write it
    there as FIRST asks; the reader already shows the label as a badge)."""
    head, _sep, rest = body.lstrip("\n").partition("\n")
    return rest.lstrip("\n") if head.strip() == label else body
