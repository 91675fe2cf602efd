"""The teams × objectives grid and the list of what is coming up, computed from the scorecard and the
events (the instructor's view only: teams never see it)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from cyberdrill.engine import Upcoming
from cyberdrill.engine.scorecard import Scorecard, StepResult
from cyberdrill.i18n import _
from cyberdrill.pack.model import Pack
from cyberdrill.tui.view import team_short

NEAR = 30 * 60  # a pending step whose deadline is this close (exercise seconds) shows ⚠

GLYPHS: dict[str, tuple[str, str]] = {
    "on_time": ("✔", "bold green"),
    "late": ("◐", "bold yellow"),
    "partial": ("◐", "bold yellow"),
    "out_of_order": ("◐", "bold yellow"),
    "wrong": ("✘", "bold red"),
    "missed": ("✘", "bold red"),
    "pending": ("·", "dim"),
    "near": ("⚠", "bold dark_orange"),
}


def glyph(step: StepResult, now: int) -> Text:
    """One step's mark in the grid."""
    key = step.status
    if key == "pending" and step.opened_at is not None and step.due_at is not None and step.due_at - now <= NEAR:
        key = "near"
    char, style = GLYPHS.get(key, ("·", "dim"))
    return Text(char, style=style)


def grid_rows(pack: Pack, card: Scorecard, now: int) -> list[tuple[str, list[Text], Text]]:
    """(team id, one cell per objective, score) for every team; void steps are left out."""
    rows = []
    for team in card.teams:
        cells = []
        for objective in pack.objectives:
            cell = Text()
            for step in team.steps:
                if step.objective == objective.id and step.status != "void":
                    cell.append_text(glyph(step, now))
            cells.append(cell)
        score = Text(f"{team.percent:.0f} %", style="bold")
        rows.append((team.team, cells, score))
    return rows


@dataclass(frozen=True)
class ComingUp:
    """One line of 'Coming up': something the engine has due, or a step's deadline."""

    at: int
    kind: str  # the engine's kind ("inject", "reply", "rejection", "consequence", "step") or "deadline"
    ref: str  # "inject:ID" for anything that delivers an inject, else "consequence:ID", "step:ID", "deadline:TEAM|STEP"
    text: str


INJECT_KINDS = ("inject", "reply", "rejection", "trigger", "instructor", "contingency")


def coming_up(pack: Pack, due: list[Upcoming], card: Scorecard, limit: int = 14) -> list[ComingUp]:
    """The engine's due items and the open steps' deadlines, soonest first."""
    items: list[ComingUp] = []
    for item in due:
        kind = "inject" if item.kind in INJECT_KINDS else item.kind
        label = item.title if item.kind == kind else f"{item.title} ({item.kind})"
        if item.kind == "step":
            label = _("opens: {step}").format(step=item.title)
        items.append(ComingUp(item.due, item.kind, f"{kind}:{item.id}", label))
    for team in card.teams:
        for step in team.steps:
            if step.status == "pending" and step.due_at is not None and step.opened_at is not None:
                items.append(ComingUp(step.due_at, "deadline", f"deadline:{team.team}|{step.step}",
                                      f"{team_short(pack, team.team)}: {step.title}"))
    items.sort(key=lambda u: u.at)
    return items[:limit]


def marking_queue(pack: Pack, card: Scorecard) -> list[tuple[str, str, StepResult]]:
    """(team, step, result) of every attempted step with an evaluator's part, unmarked ones first."""
    queue = []
    for team in card.teams:
        for step in team.steps:
            if pack.step(step.step).marking is not None and step.attempts > 0:
                queue.append((team.team, step.step, step))
    queue.sort(key=lambda item: (not item[2].awaiting_mark, item[2].at or 0))
    return queue
