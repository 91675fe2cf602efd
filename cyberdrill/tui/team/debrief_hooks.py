"""What the team console needs of the debrief: whether the hot wash is open and the drill over, and opening
the hot-wash form (sent as this seat's team) and the read-only debrief."""

from __future__ import annotations

from rich.text import Text

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.debrief import hot_wash_answers, hot_wash_open
from cyberdrill.engine.debrief_rules import team_objectives
from cyberdrill.engine.index import index_of
from cyberdrill.engine.state import State
from cyberdrill.i18n import _
from cyberdrill.tui.console import Console
from cyberdrill.tui.inert import inert
from cyberdrill.tui.view import team_label

MAX_BRIEF_ROWS = 3  # plan rows of last time in the Case panel (the debrief lists them all)


def debrief_phase(state: State) -> tuple[bool, bool]:
    """(the hot wash is open, the session has ended)."""
    return hot_wash_open(state), state.ended


def open_hot_wash_form(screen: Console, team: str) -> None:
    """The hot-wash form of `team`'s seat, prefilled with its last answer; a toast once it is recorded."""
    from cyberdrill.tui.instructor.debrief import send
    from cyberdrill.tui.team.hotwash_form import HotWashForm

    live = screen.app.live
    if not hot_wash_open(live.view.state):
        screen.notify(_("The hot wash is not open yet: the instructor opens it."), severity="warning")
        return
    earlier = next((a for a in hot_wash_answers(live.view.state) if a.team == team), None)

    async def submit(value: object) -> str | None:
        assert isinstance(value, dict)
        return await send(screen, cmd.AnswerHotWash, _("Your hot-wash answers are with the instructor."), team=team,
                    seat=team, **value)

    objectives = team_objectives(index_of(live.pack), team)
    screen.app.push_screen(HotWashForm(live.pack, team_label(live.pack, team), objectives, earlier, submit))


def open_team_debrief(screen: Console, team: str) -> None:
    """The team's read-only debrief, once the session has ended."""
    from cyberdrill.tui.team.debrief import TeamDebriefScreen

    if not screen.app.live.view.state.ended:
        screen.notify(_("Your debrief opens when the drill is over."), severity="warning")
        return
    screen.app.push_screen(TeamDebriefScreen(team))


def last_time_brief(screen: Console, team: str) -> Text | None:
    """For a team's briefing (its Case panel): last time's score and plan rows, when the team played an
    earlier session of this pack; None otherwise, or when that session no longer replays."""
    from cyberdrill.service import last_time

    live = screen.app.live
    try:
        found = last_time(live.log, live.loaded, live.id, team)
    except Exception:  # an earlier session that no longer replays: nothing to show
        return None
    if found is None:
        return None
    text = Text(_("Last time: {percent:.0f} %").format(percent=found.percent), style="bold")
    for item in found.plan[:MAX_BRIEF_ROWS]:
        text.append("\n• ")
        text.append_text(inert(item.action))
        if item.completion:
            text.append_text(inert(f" ({_('by {date}').format(date=item.completion)})", style="dim"))
    if len(found.plan) > MAX_BRIEF_ROWS:
        text.append("\n" + _("… and {n} more plan rows").format(n=len(found.plan) - MAX_BRIEF_ROWS), style="dim")
    return text
