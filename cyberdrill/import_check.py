"""`cyberdrill import`, checked: an export file is restored only when the engine would have written it.

How it checks, and why this way. A log is the concatenation of what `decide` returned for each command a
seat sent (service.Drill.execute appends decide's output whole). So the file is replayed from an empty
state, event by event, and each recorded event must be what the engine produces at that point:

- an event the engine produces on its own as time passes (a timed inject, a step opening, a deadline's
  consequence ...) must be what a Tick to that event's time produces;
- an event a seat's command produced (a team's action, a mark, an override, a clock change, an ad-hoc or
  fired inject, a skip or delay, the end) is turned back into that command, which is decided again; what
  the engine then produces must be, field for field, the next events of the file.

Re-deciding, rather than checking each event against a list of rules, keeps the rules in one place: a
forged 1000-point mark on a 5-point step, an action of a team that does not play or of an unknown type,
time running backwards, a second `session_started`, a reply the party would not have sent, a score
the file claims: all are refused because the engine refuses the command or produces something else,
and a rule added to the engine tomorrow is checked here without a change. The world (Faker's output) is
taken from the file's `session_started`, as a replay takes it (Faker's output changes between releases,
so it cannot be regenerated); the attachments' digests are recomputed from it.

Nothing in the header is taken as given: the session is described from its `session_started`, its
status and times from its events, its score is computed by replaying, its pack is found by id
(service.locate_pack, never through the file's `pack_path`), and an instructor passphrase hash in the
file is dropped (a file cannot prove who set it). Everything is written in one transaction, so a
refused or interrupted import leaves nothing behind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cyberdrill.engine import commands as cmd
from cyberdrill.engine import events as ev
from cyberdrill.engine import initial_state, score
from cyberdrill.engine.commands import CommandRefused
from cyberdrill.engine.decide import decide
from cyberdrill.engine.state import State, evolve
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.store.base import EventLog, SessionInfo
from cyberdrill.store.export import ExportError, ExportFile, read_export

SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
PACK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")  # a folder name, never a path
SEATINGS = ("hosted", "hot-seat")


@dataclass(frozen=True)
class Imported:
    """A session restored from a file, and what the user should hear about it."""

    info: SessionInfo
    notes: tuple[str, ...]


def import_file(log: EventLog, lines: Iterable[str], source: str, search: Sequence[Path] = ()) -> Imported:
    """Check the export `lines` by replaying them through the engine and restore the session into `log`
    in one transaction. Raises ExportError ("FILE:LINE: error: ...") for anything the engine would not
    have produced, SessionPackProblem when the session's pack is not found, SessionExists when `log`
    holds the session already."""
    from cyberdrill.service import load_session_pack, record_score

    parsed = read_export(lines, source)
    if not parsed.events or not isinstance(parsed.events[0][1], ev.SessionStarted):
        line = parsed.events[0][0] if parsed.events else parsed.header_line or 1
        raise ExportError(f"{source}:{line}: error: the log must begin with session_started")
    start_line, start = parsed.events[0]
    assert isinstance(start, ev.SessionStarted)
    described = _described(parsed, start, f"{source}:{start_line}")
    loaded = load_session_pack(described, search)
    notes = []
    changed = loaded.content_hash != start.pack_hash
    if changed:
        notes.append(f"pack {loaded.pack.id} in {loaded.root} differs from the files the session was played with; "
                     "the texts its injects delivered are kept as recorded, everything else replayed alike")
    else:
        _check_attachments(loaded, start, f"{source}:{start_line}")
    state = replay_checked(loaded, parsed, source, pack_changed=changed)
    info = _info(described, parsed, loaded)
    if parsed.header and _header_settings(parsed).get(_passphrase_key()):
        notes.append("the file's instructor passphrase was not imported (a file cannot prove who set it): "
                     "the session's instructor seat is open")
    events = [event for _, event in parsed.events]
    log.create_session(info, events)
    record_score(log, info.id, score(loaded.pack, state, None), len(events))
    return Imported(log.session(info.id), tuple(notes))


def _check_attachments(loaded: LoadedPack, start: ev.SessionStarted, where: str) -> None:
    from cyberdrill.pack.text import attachment_digests

    try:
        rendered = attachment_digests(loaded, start.world)
    except Exception as error:  # a world of the wrong shape for the pack's templates
        raise ExportError(f"{where}: error: the recorded world does not fit the pack ({error})") from None
    if json.loads(json.dumps(rendered)) != json.loads(json.dumps(start.attachments, default=str)):
        raise ExportError(f"{where}: error: the attachments' digests are not those of the recorded world")


def replay_checked(loaded: LoadedPack, parsed: ExportFile, source: str, pack_changed: bool = False) -> State:
    """The state the file's events lead to, each checked against what the engine produces; ExportError
    naming the first line the engine would not have written. With `pack_changed` (the pack's files are
    not those the session was played with) the subject and body of the pack's own injects may differ
    from today's rendering (an author fixed a typo); which inject, when, to whom and everything else
    must still agree."""
    state = initial_state()
    recorded = parsed.events
    i = 0
    while i < len(recorded):
        line, event = recorded[i]
        try:
            produced = _jump_batch(loaded, state, recorded[i:], source, pack_changed)
            if not produced:
                produced = _tick_prefix(loaded, state, event, recorded[i:], pack_changed)
            if not produced:
                produced = _by_command(loaded, state, recorded[i:], f"{source}:{line}", pack_changed)
        except ExportError:
            raise
        except CommandRefused as refused:
            raise ExportError(f"{source}:{line}: error: the engine refuses this {event.TYPE}: {refused}") from None
        except Exception as error:  # a wrong type in a field the engine computes with
            raise ExportError(f"{source}:{line}: error: {event.TYPE} cannot be replayed "
                              f"({type(error).__name__}: {error}); a field has the wrong type") from None
        for done in (event for _, event in recorded[i:i + len(produced)]):  # the file's, which agree
            evolve(state, done)
        i += len(produced)
    return state


_SEAT_BORN = (ev.SessionStarted, ev.ActionTaken, ev.MarkGiven, ev.RatingOverridden, ev.ClockStarted, ev.ClockPaused,
              ev.ClockResumed, ev.SpeedChanged, ev.SessionEnded, ev.HotWashOpened, ev.HotWashAnswered,
              ev.ObservationAdded, ev.PlanItemSet, ev.PlanItemRemoved)


def _jump_batch(loaded: LoadedPack, state: State, recorded: Sequence[tuple[int, ev.Event]], source: str,
                lenient: bool) -> list[ev.Event]:
    """A jump of the clock records what fell due on the way before its own `clock_jumped`, from the time
    it was asked at (`t_from`): when one lies ahead in this run of engine-made events, the whole batch
    is decided again at once (ticks to each event would move "now" past `t_from`)."""
    for _, event in recorded:
        if isinstance(event, ev.ClockJumped):
            if not state.started or state.ended or type(event.t_from) is not int or event.t_from < state.t:
                return []
            try:
                out = decide(loaded.pack, state, cmd.JumpClock(at=event.t_from, wall_at=event.wall_at, to=event.t))
            except CommandRefused:
                return []
            return out if _first_mismatch(out, recorded, source, lenient) is None else []
        if isinstance(event, _SEAT_BORN) or (isinstance(event, ev.InjectDelivered) and event.cause == "adhoc"):
            return []
    return []


def _tick_prefix(loaded: LoadedPack, state: State, event: ev.Event,
                 recorded: Sequence[tuple[int, ev.Event]], lenient: bool) -> list[ev.Event]:
    """What a Tick to `event`'s time produces, as far as it matches the file: the events the engine
    delivered on its own as time passed. Empty when `event` is not one of those."""
    if isinstance(event, ev.SessionStarted) or not state.started or state.ended or type(event.t) is not int:
        return []
    out = decide(loaded.pack, state, cmd.Tick(at=event.t))
    matched = 0
    while matched < min(len(out), len(recorded)) and _same(out[matched], recorded[matched][1], lenient):
        matched += 1
    return out[:matched]


def _by_command(loaded: LoadedPack, state: State, recorded: Sequence[tuple[int, ev.Event]],
                where: str, lenient: bool) -> list[ev.Event]:
    """The events of the command `recorded[0]` came from, decided again; ExportError when the engine
    refuses it or produces anything but the file's next events."""
    event = recorded[0][1]
    candidates = _commands(loaded, state, event)
    if not candidates:
        expected = decide(loaded.pack, state, cmd.Tick(at=event.t)) if state.started and not state.ended else []
        if expected and expected[0].TYPE == event.TYPE:
            raise ExportError(f"{where}: error: {_difference(expected[0], event)}")
        what = f"the engine records {_show(expected[0])} here" if expected else "nothing of the kind is due here"
        raise ExportError(f"{where}: error: {event.TYPE} was not produced by the engine ({what})")
    problem = ""
    for command in candidates:
        try:
            out = decide(loaded.pack, state, command)
        except CommandRefused as refused:
            problem = problem or f"{where}: error: the engine refuses this {event.TYPE}: {refused}"
            continue
        mismatch = _first_mismatch(out, recorded, source_of(where), lenient)
        if mismatch is None:
            return out
        problem = problem or mismatch
    raise ExportError(problem)


def _first_mismatch(out: list[ev.Event], recorded: Sequence[tuple[int, ev.Event]], source: str,
                    lenient: bool) -> str | None:
    for k, produced in enumerate(out):
        if k >= len(recorded):
            return f"{source}:{recorded[-1][0]}: error: the log ends where the engine records {_show(produced)}"
        line, event = recorded[k]
        if not _same(produced, event, lenient):
            return f"{source}:{line}: error: {_difference(produced, event)}"
    return None


def _same(produced: ev.Event, recorded: ev.Event, lenient: bool = False) -> bool:
    a, b = _canonical(produced), _canonical(recorded)
    if lenient and isinstance(produced, ev.InjectDelivered) and produced.cause != "adhoc":
        for rendered in ("subject", "body"):
            if isinstance(b.get(rendered), str):
                a[rendered] = b[rendered]
        if isinstance(b.get("texts"), dict):  # the same message in other languages: rendered text too
            a["texts"] = b["texts"]
    return bool(a == b)


def _canonical(event: ev.Event) -> Any:
    return json.loads(json.dumps(event.to_json(), sort_keys=True, default=str))


def _show(event: ev.Event) -> str:
    key = next((k for k in ("inject", "step", "action", "consequence", "target") if hasattr(event, k)), None)
    return f"{event.TYPE} {getattr(event, key)!r} at t={event.t}" if key else f"{event.TYPE} at t={event.t}"


def _difference(produced: ev.Event, recorded: ev.Event) -> str:
    if produced.TYPE != recorded.TYPE:
        return f"{recorded.TYPE} where the engine records {_show(produced)}"
    a, b = _canonical(produced), _canonical(recorded)
    fields = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    shown = "; ".join(f"{k}: the engine gives {_clip(a.get(k))}, the file {_clip(b.get(k))}" for k in fields[:3])
    return f"{recorded.TYPE} differs from what the engine records ({shown})"


def _clip(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


# ---------------------------------------------------------------------------- events back to commands


def _languages(loaded: LoadedPack, e: ev.SessionStarted) -> dict[str, str]:
    """Every team's language as the log recorded it: those it does not name read the pack's own (a log of
    version 1 names none), whatever the pack's `teams[].language` says today."""
    from cyberdrill.pack.translations import source_language

    return {team: e.languages.get(team, source_language(loaded.pack)) for team in e.teams}


def _commands(loaded: LoadedPack, state: State, e: ev.Event) -> list[cmd.Command]:
    """The commands that could have produced event `e` (several for an ambiguous cancellation)."""
    if isinstance(e, ev.SessionStarted):
        return [cmd.StartSession(at=0, wall_at=e.wall_at, session=e.session, seed=e.seed, teams=tuple(e.teams),
                                 world=e.world, attachments=e.attachments, pack_hash=e.pack_hash,
                                 time_scale=e.time_scale, languages=_languages(loaded, e))]
    build = _BUILDERS.get(type(e))
    if build is not None:
        return build(e)
    if isinstance(e, ev.InjectDelivered) and e.cause == "adhoc":
        return [cmd.WriteInject(at=e.t, sender=e.sender, to=tuple(e.to), channel=e.channel, tlp=e.tlp,
                                subject=e.subject, body=e.body, in_reply_to=e.in_reply_to)]
    if isinstance(e, ev.InjectDelivered) and e.cause == "instructor" and e.inject is not None:
        return [cmd.FireInject(at=e.t, inject=e.inject)]
    if isinstance(e, ev.InjectCancelled):
        return [cmd.SkipInject(at=e.t, inject=e.inject, reason=e.reason), cmd.FireInject(at=e.t, inject=e.inject)]
    if isinstance(e, ev.InjectScheduled) and e.cause == "instructor":
        return [_delay(loaded, state, e)]
    if isinstance(e, ev.PlanItemSet):  # a new row's id is the engine's to give
        return [cmd.SetPlanItem(at=e.t, wall_at=e.wall_at, item=e.item if e.item in state.plan else None,
                                team=e.team, source=e.source, issue=e.issue, action=e.action,
                                capability=e.capability, owner=e.owner, start=e.start, completion=e.completion)]
    return []


def _delay(loaded: LoadedPack, state: State, e: ev.InjectScheduled) -> cmd.Command:
    # The engine schedules a delayed inject at (its due time, or now if later) + `by`: a probe with
    # by=1 tells that base, so `by` follows from the recorded due time.
    probe = decide(loaded.pack, state, cmd.DelayInject(at=e.t, inject=e.inject, by=1))
    base = next(p.due for p in probe if isinstance(p, ev.InjectScheduled) and p.cause == "instructor") - 1
    return cmd.DelayInject(at=e.t, inject=e.inject, by=e.due - base)


_BUILDERS: dict[type[ev.Event], Callable[[Any], list[cmd.Command]]] = {
    ev.ActionTaken: lambda e: [cmd.TakeAction(at=e.t, wall_at=e.wall_at, team=e.team, action=e.action,
                                              fields=dict(e.fields), reply_to=e.reply_to)],
    ev.MarkGiven: lambda e: [cmd.GiveMark(at=e.t, wall_at=e.wall_at, team=e.team, step=e.step, points=e.points,
                                          comment=e.comment, evaluator=e.evaluator)],
    ev.RatingOverridden: lambda e: [cmd.OverrideRating(at=e.t, wall_at=e.wall_at, team=e.team,
                                                       objective=e.objective, rating=e.rating,
                                                       justification=e.justification)],
    ev.ClockStarted: lambda e: [cmd.StartClock(at=e.t, wall_at=e.wall_at, speed=e.speed)],
    ev.ClockPaused: lambda e: [cmd.PauseClock(at=e.t, wall_at=e.wall_at)],
    ev.ClockResumed: lambda e: [cmd.ResumeClock(at=e.t, wall_at=e.wall_at)],
    ev.SpeedChanged: lambda e: [cmd.SetSpeed(at=e.t, wall_at=e.wall_at, speed=e.speed)],
    ev.ClockJumped: lambda e: [cmd.JumpClock(at=e.t_from, wall_at=e.wall_at, to=e.t)],
    ev.SessionEnded: lambda e: [cmd.EndSession(at=e.t, wall_at=e.wall_at)],
    ev.HotWashOpened: lambda e: [cmd.OpenHotWash(at=e.t, wall_at=e.wall_at)],
    ev.HotWashAnswered: lambda e: [cmd.AnswerHotWash(
        at=e.t, wall_at=e.wall_at, team=e.team, went_well=tuple(e.went_well), to_improve=tuple(e.to_improve),
        commitments=tuple(e.commitments), ratings=dict(e.ratings) if isinstance(e.ratings, dict) else e.ratings,
        comment=e.comment, anonymous=e.anonymous)],
    ev.ObservationAdded: lambda e: [cmd.AddObservation(at=e.t, wall_at=e.wall_at, team=e.team, text=e.text)],
    ev.PlanItemRemoved: lambda e: [cmd.RemovePlanItem(at=e.t, wall_at=e.wall_at, item=e.item)],
}


# --------------------------------------------------------------------------------- the session's row


def _passphrase_key() -> str:
    from cyberdrill.store.seats import PASSPHRASE_SETTING

    return PASSPHRASE_SETTING


def _header_settings(parsed: ExportFile) -> dict[str, Any]:
    session = (parsed.header or {}).get("session")
    settings = session.get("settings") if isinstance(session, dict) else None
    return settings if isinstance(settings, dict) else {}


def _described(parsed: ExportFile, start: ev.SessionStarted, where: str) -> SessionInfo:
    """The session as its session_started describes it; the header may only agree."""
    if not isinstance(start.session, str) or not SESSION_ID.fullmatch(start.session):
        raise ExportError(f"{where}: error: session id {start.session!r} is not 1-64 letters, digits, '.', '_', '-'")
    session = (parsed.header or {}).get("session")
    if isinstance(session, dict) and session.get("id") != start.session:
        raise ExportError(f"{source_of(where)}:{parsed.header_line}: error: the header names session "
                          f"{session.get('id')!r}, its session_started {start.session!r}")
    shapes: dict[str, type | tuple[type, ...]] = {
        "pack": str, "pack_version": str, "pack_hash": str, "seed": int, "teams": tuple, "world": dict,
        "attachments": dict, "time_scale": (int, float, type(None)), "wall_at": (str, type(None))}
    wrong = [name for name, kind in shapes.items()
             if not isinstance(getattr(start, name), kind) or isinstance(getattr(start, name), bool)]
    if not wrong and not all(isinstance(team, str) for team in start.teams):
        wrong = ["teams"]
    if not wrong and not PACK_ID.fullmatch(start.pack):
        wrong = ["pack"]
    if wrong:
        raise ExportError(f"{where}: error: session_started has a malformed {', '.join(wrong)}")
    return SessionInfo(id=start.session, pack=start.pack, pack_version=str(start.pack_version),
                       pack_hash=str(start.pack_hash), seed=start.seed, teams=[str(t) for t in start.teams])


def source_of(where: str) -> str:
    """The file part of a "FILE:LINE" location."""
    return where.rsplit(":", 1)[0]


def _info(described: SessionInfo, parsed: ExportFile, loaded: LoadedPack) -> SessionInfo:
    start = parsed.events[0][1]
    assert isinstance(start, ev.SessionStarted)
    header = (parsed.header or {}).get("session")
    created = header.get("created_at") if isinstance(header, dict) else None
    if not (isinstance(created, str) and _is_iso(created)):
        created = start.wall_at if isinstance(start.wall_at, str) and _is_iso(start.wall_at) else None
    settings: dict[str, Any] = {"pack_path": str(loaded.root), "pack_id": loaded.pack.id}
    if start.time_scale is not None and _header_settings(parsed).get("time_scale") == start.time_scale:
        settings["time_scale"] = start.time_scale
    seating = _header_settings(parsed).get("seating")
    if seating in SEATINGS:
        settings["seating"] = seating
    return SessionInfo(id=described.id, pack=described.pack, pack_version=described.pack_version,
                       pack_hash=described.pack_hash, seed=described.seed, teams=described.teams,
                       settings=settings, created_at=created)


def _is_iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return len(text) <= 40
