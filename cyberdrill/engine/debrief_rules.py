"""What the engine accepts of the debrief: opening the hot wash, a team's answers, the instructor's
observations and the improvement plan's rows. decide.py hands these commands here, also after the session
has ended (the debrief happens then; the log stays append-only).

What is refused, and why: an answer before the hot wash is opened (there is no form yet); an answer a team
seat sends for another team; a self-rating outside 1..5, or for an objective none of the team's steps
exercises; text with control characters or beyond its length; plan dates that are not ISO dates
(YYYY-MM-DD), or a completion before the start; a plan row for a team that does not play, from a step that
is not in the pack, or editing or removing a row that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from cyberdrill.engine import commands as cmd
from cyberdrill.engine import events as ev
from cyberdrill.engine.commands import CommandRefused
from cyberdrill.textsafe import control_characters

if TYPE_CHECKING:
    from cyberdrill.engine.decide import Work
    from cyberdrill.engine.index import PackIndex

# The hot-wash form: at most this many lines per list, each at most LINE_LIMIT characters.
MAX_LINES = 10
LINE_LIMIT = 500
TEXT_LIMIT = 5_000  # a comment, an observation, a plan row's issue or action
SHORT_LIMIT = 200  # a plan row's owner or capability element
RATINGS = range(1, 6)
SOURCES = ("step:", "hotwash:", "observation")


def team_objectives(idx: PackIndex, team: str) -> list[str]:
    """The objectives a team can rate itself on: those its steps exercise, in the pack's order."""
    mine = {step.objective for step in idx.team_steps.get(team, [])}
    return [o.id for o in idx.pack.objectives if o.id in mine]


def _text(value: object, limit: int, *, required: bool = False) -> str | None:
    """The problem with one typed text, or None."""
    if not isinstance(value, str):
        return "must be text"
    if len(value) > limit:
        return f"at most {limit} characters"
    if control_characters(value):
        return f"control characters are not allowed ({', '.join(control_characters(value)[:3])})"
    if required and not value.strip():
        return "must not be empty"
    return None


def _lines(value: object) -> str | None:
    if not isinstance(value, tuple | list):
        return "must be a list of lines"
    if len(value) > MAX_LINES:
        return f"at most {MAX_LINES} lines"
    problems = [p for p in (_text(line, LINE_LIMIT, required=True) for line in value) if p]
    return f"each line {problems[0]}" if problems else None


def _refuse(problems: dict[str, str | None]) -> None:
    found = {name: problem for name, problem in problems.items() if problem}
    if found:
        raise CommandRefused("; ".join(f"{k}: {v}" for k, v in found.items()), found)


def _iso_date(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        return "an ISO date, YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "an ISO date, YYYY-MM-DD"
    return None


def _stripped(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(line.strip() for line in lines)


def open_hot_wash(work: Work, c: cmd.OpenHotWash, t: int) -> None:
    if work.state.hotwash_at is not None:
        raise CommandRefused("the hot wash is already open")
    work.emit(ev.HotWashOpened(t=t, wall_at=c.wall_at))


def answer_hot_wash(work: Work, c: cmd.AnswerHotWash, t: int) -> None:
    state = work.state
    if state.hotwash_at is None:
        raise CommandRefused("the hot wash is not open yet")
    if c.team not in state.teams:
        raise CommandRefused(f"team {c.team!r} is not playing in this session", {"team": "not playing"})
    if c.seat is not None and c.seat != c.team:
        raise CommandRefused(f"the seat of {c.seat} cannot answer for {c.team}", {"team": "not your team"})
    problems: dict[str, str | None] = {
        "went_well": _lines(c.went_well), "to_improve": _lines(c.to_improve), "commitments": _lines(c.commitments),
        "comment": None if c.comment is None else _text(c.comment, TEXT_LIMIT),
        "anonymous": None if isinstance(c.anonymous, bool) else "true or false",
    }
    objectives = team_objectives(work.idx, c.team)
    if not isinstance(c.ratings, dict):
        problems["ratings"] = "objective -> rating"
    else:
        unknown = [o for o in c.ratings if o not in objectives]
        wrong = [o for o, r in c.ratings.items() if type(r) is not int or r not in RATINGS]
        if unknown:
            problems["ratings"] = f"{unknown[0]!r} is not an objective of {c.team}"
        elif wrong:
            problems["ratings"] = f"the rating of {wrong[0]} must be 1 to 5"
    _refuse(problems)
    comment = c.comment.strip() if c.comment is not None and c.comment.strip() else None
    if not (c.went_well or c.to_improve or c.commitments or c.ratings or comment):
        raise CommandRefused("the form is empty", {"went_well": "write at least one line or a rating"})
    work.emit(ev.HotWashAnswered(
        t=t, team=c.team, went_well=_stripped(c.went_well), to_improve=_stripped(c.to_improve),
        commitments=_stripped(c.commitments), ratings={o: c.ratings[o] for o in objectives if o in c.ratings},
        comment=comment, anonymous=bool(c.anonymous) and comment is not None, wall_at=c.wall_at))


def add_observation(work: Work, c: cmd.AddObservation, t: int) -> None:
    problems: dict[str, str | None] = {"text": _text(c.text, TEXT_LIMIT, required=True)}
    if c.team is not None and c.team not in work.state.teams:
        problems["team"] = f"{c.team!r} is not playing"
    _refuse(problems)
    work.emit(ev.ObservationAdded(t=t, team=c.team, text=c.text.strip(), wall_at=c.wall_at))


def _source_problem(work: Work, source: object) -> str | None:
    if not isinstance(source, str) or not source.startswith(SOURCES):
        return "step:ID, hotwash:TEAM or observation"
    kind, _, ref = source.partition(":")
    if kind == "step" and ref not in work.idx.steps:
        return f"there is no step {ref!r}"
    if kind == "hotwash" and ref not in work.state.teams:
        return f"{ref!r} is not playing"
    if kind == "observation" and ref:
        return "observation takes no id"
    return None


def set_plan_item(work: Work, c: cmd.SetPlanItem, t: int) -> None:
    state = work.state
    if c.item is not None and c.item not in state.plan:
        raise CommandRefused(f"there is no plan item {c.item!r}", {"item": "unknown item"})
    problems: dict[str, str | None] = {
        "team": None if c.team is None or c.team in state.teams else f"{c.team!r} is not playing",
        "source": _source_problem(work, c.source),
        "issue": _text(c.issue, TEXT_LIMIT, required=True), "action": _text(c.action, TEXT_LIMIT, required=True),
        "capability": _text(c.capability, SHORT_LIMIT), "owner": _text(c.owner, SHORT_LIMIT),
        "start": _iso_date(c.start), "completion": _iso_date(c.completion),
    }
    if not problems["start"] and not problems["completion"] and c.start and c.completion \
            and c.completion < c.start:
        problems["completion"] = "on or after the start"
    _refuse(problems)
    item = c.item if c.item is not None else f"P{state.plan_count + 1}"
    work.emit(ev.PlanItemSet(
        t=t, item=item, team=c.team, source=c.source, issue=c.issue.strip(), action=c.action.strip(),
        capability=c.capability.strip(), owner=c.owner.strip(), start=c.start or None,
        completion=c.completion or None, wall_at=c.wall_at))


def remove_plan_item(work: Work, c: cmd.RemovePlanItem, t: int) -> None:
    if c.item not in work.state.plan:
        raise CommandRefused(f"there is no plan item {c.item!r}", {"item": "unknown item"})
    work.emit(ev.PlanItemRemoved(t=t, item=c.item, wall_at=c.wall_at))


DEBRIEF_COMMANDS: dict[type[cmd.Command], Callable[[Work, Any, int], None]] = {
    cmd.OpenHotWash: open_hot_wash,
    cmd.AnswerHotWash: answer_hot_wash,
    cmd.AddObservation: add_observation,
    cmd.SetPlanItem: set_plan_item,
    cmd.RemovePlanItem: remove_plan_item,
}
