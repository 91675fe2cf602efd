"""The debrief as Rich Text: a team's timeline rows, the detail of one expected step (its window, status,
each deduction with its reason and citation, the lesson and the recommendation), the branches, the hot-wash
answer and last time's results. Shared by the instructor's debrief and a team's read-only debrief; every
fact comes from the engine (engine/timeline.py, engine/debrief.py), this only lays it out."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from cyberdrill.engine.debrief import HotWashAnswer
from cyberdrill.engine.scorecard import STATUSES, StepResult
from cyberdrill.engine.timeline import Entry, TeamDebrief
from cyberdrill.i18n import _
from cyberdrill.pack.model import Pack, format_clock
from cyberdrill.tui.inert import inert

KIND_GLYPHS = {"received": "←", "action": "→", "opened": "▷", "deadline": "⏱", "consequence": "⚡"}
STATUS_STYLES = {"on_time": "green", "late": "yellow", "partial": "yellow", "wrong": "red", "out_of_order": "yellow",
                 "missed": "red", "pending": "dim", "void": "dim"}
CELL = 90  # a timeline cell is cut here (the detail shows it whole)


def _cut(text: str, limit: int = CELL) -> Text:
    shown = inert(text[: limit + 1])
    return shown[: limit - 1] + "…" if len(shown) > limit else shown


def status_text(status: str | None) -> Text:
    """A step's status in its colour ('' for an entry that is no step's)."""
    if status is None:
        return Text("")
    return Text(status.replace("_", " "), style=STATUS_STYLES.get(status, ""))


def entry_cells(entry: Entry, now: int) -> tuple[Any, ...]:
    """One timeline row: time, what kind, what, the step's status. A deadline still ahead is dim."""
    style = "dim" if entry.t > now else ""
    what = _cut(entry.text)
    if entry.kind == "deadline":
        what = Text.assemble(Text(_("deadline: "), style="bold"), what)
    elif entry.kind == "opened":
        what = Text.assemble(Text(_("expected: "), style="dim"), what)
    return (Text(format_clock(entry.t), style=style), KIND_GLYPHS.get(entry.kind, ""), what, status_text(entry.status))


def step_detail(pack: Pack, result: StepResult) -> Text:
    """What an expected step asked, when, what became of it, and why points were lost (with citations)."""
    text = Text()
    text.append_text(inert(result.title, style="bold"))
    objective = next((o.text for o in pack.objectives if o.id == result.objective), result.objective)
    text.append("\n")
    text.append_text(inert(objective, style="dim"))
    window = [format_clock(result.opened_at) if result.opened_at is not None else "—",
              format_clock(result.due_at) if result.due_at is not None else _("the end")]
    text.append("\n" + _("Window: {start} → {due}").format(start=window[0], due=window[1]))
    if result.at is not None:
        text.append("  " + _("done {at}").format(at=format_clock(result.at)))
    text.append("\n")
    text.append_text(status_text(result.status))
    text.append(f"  {result.points:g}/{result.max_points:g}  ")
    text.append_text(inert(STATUSES.get(result.status, ""), style="dim"))
    for reason in result.reasons:
        text.append("\n• ")
        if reason.points:
            text.append(f"{reason.points:g} ", style="red")
        text.append_text(inert(reason.text))
        if reason.cite:
            text.append("\n  ")
            text.append_text(inert(_("cite: {cite}").format(cite=reason.cite), style="italic"))
    if result.cite:
        text.append("\n")
        text.append_text(inert(_("Step cites: {cite}").format(cite=result.cite), style="italic dim"))
    if result.lesson:
        text.append("\n" + _("Lesson: "), style="bold")
        text.append_text(inert(result.lesson))
    if result.recommendation:
        text.append("\n" + _("Recommendation: "), style="bold")
        text.append_text(inert(result.recommendation))
    return text


def entry_detail(pack: Pack, debrief: TeamDebrief, entry: Entry | None) -> Text:
    """The detail of the highlighted timeline entry: its step's detail, else the entry itself."""
    if entry is None:
        return Text(_("Nothing happened for this team yet."), style="dim")
    if entry.step is not None:
        result = next((s for s in debrief.steps if s.step == entry.step), None)
        if result is not None:
            return step_detail(pack, result)
    return Text.assemble(Text(format_clock(entry.t) + "  ", style="dim"), inert(entry.text))


def summary(pack: Pack, debrief: TeamDebrief) -> Text:
    """Deductions in short, the branches the run took and the outcome measures."""
    text = Text()
    lost = debrief.deductions()
    text.append(_("Deductions: {n}").format(n=len(lost)), style="bold")
    for s in lost:
        text.append("\n")
        text.append_text(status_text(s.status))
        text.append(f" {s.points - s.max_points:g} ")
        text.append_text(_cut(s.title, 60))
    if debrief.branches:
        text.append("\n" + _("Branches"), style="bold")
        for b in debrief.branches:
            when = format_clock(b.t) if b.t is not None else ""
            mark = Text(_("happened {when}").format(when=when), style="red") if b.applied \
                else Text(_("averted"), style="green")
            text.append("\n")
            text.append_text(mark)
            text.append(" ")
            text.append_text(inert(b.title))
    if debrief.outcomes:
        text.append("\n" + _("Outcomes"), style="bold")
        for _objective, outcome in debrief.outcomes:
            text.append(f"\n{outcome.percent:.0f} % ")
            text.append_text(inert(outcome.text))
    return text


def answer_text(answer: HotWashAnswer | None, objective_names: dict[str, str], *, show_team: str = "") -> Text:
    """A hot-wash answer in full: went well, to improve, commitments, self-ratings, the comment. Under a
    team's name (`show_team`) an anonymous comment is left out: `anonymous_comments` lists those apart."""
    if answer is None:
        return Text(_("No hot-wash answer yet."), style="dim")
    text = Text()
    if show_team:
        text.append_text(inert(show_team, style="bold"))
        text.append(f"  {format_clock(answer.t)}\n", style="dim")
    for title, lines in ((_("Went well"), answer.went_well), (_("To improve"), answer.to_improve),
                         (_("Commitments"), answer.commitments)):
        text.append(title + "\n", style="bold")
        for line in lines or ("—",):
            text.append("• ")
            text.append_text(inert(line))
            text.append("\n")
    if answer.ratings:
        text.append(_("Self-rating") + "\n", style="bold")
        for objective, rating in answer.ratings.items():
            text.append(f"{'★' * rating}{'☆' * (5 - rating)} {rating}/5 ")
            text.append_text(inert(objective_names.get(objective, objective)))
            text.append("\n")
    if answer.comment and not (show_team and answer.anonymous):
        text.append((_("Comment (anonymous)") if answer.anonymous else _("Comment")) + "\n", style="bold")
        text.append_text(inert(answer.comment))
    return text


def anonymous_comments(answers: list[HotWashAnswer]) -> Text:
    """The comments their teams marked anonymous, without the teams' names (in a fixed order, not the
    order they arrived in, which could tell who wrote which)."""
    comments = sorted(a.comment for a in answers if a.anonymous and a.comment)
    text = Text()
    for comment in comments:
        text.append("• ")
        text.append_text(inert(comment))
        text.append("\n")
    return text
