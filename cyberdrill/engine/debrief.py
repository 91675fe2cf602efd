"""Read-only questions of the debrief: the teams' hot-wash answers, the instructor's observations and
the improvement plan, as the log has them now. Pure functions of the engine's state (engine/state.py);
the consoles and the report read these and nothing else of the debrief.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberdrill.engine.state import State


@dataclass(frozen=True)
class HotWashAnswer:
    """One team's latest hot-wash answers (`t`: when it sent them)."""

    t: int
    team: str
    went_well: tuple[str, ...]
    to_improve: tuple[str, ...]
    commitments: tuple[str, ...]
    ratings: dict[str, int]  # objective id -> self-rating 1..5
    comment: str | None
    anonymous: bool  # the comment is to be shown without the team's name


@dataclass(frozen=True)
class Observation:
    """An instructor's observation about one team, or the whole exercise (`team` None)."""

    t: int
    team: str | None
    text: str


@dataclass(frozen=True)
class PlanItem:
    """A row of the improvement plan (HSEEP AAR/IP): issue, corrective action, capability element,
    owner organisation, start and completion dates (ISO, or None while not agreed)."""

    t: int  # when the row was last set
    item: str
    team: str | None
    source: str  # "step:ID", "hotwash:TEAM", "observation"
    issue: str
    action: str
    capability: str
    owner: str
    start: str | None
    completion: str | None


def hot_wash_open(state: State) -> bool:
    """Whether the instructor has opened the hot wash."""
    return state.hotwash_at is not None


def hot_wash_answers(state: State) -> list[HotWashAnswer]:
    """Each team's latest answers, in the order the teams first answered."""
    return [HotWashAnswer(t=e.t, team=e.team, went_well=tuple(e.went_well), to_improve=tuple(e.to_improve),
                          commitments=tuple(e.commitments), ratings=dict(e.ratings), comment=e.comment,
                          anonymous=e.anonymous)
            for e in state.hotwash.values()]


def observations(state: State) -> list[Observation]:
    """The instructor's observations, oldest first."""
    return [Observation(t=e.t, team=e.team, text=e.text) for e in state.observations]


def improvement_plan(state: State) -> list[PlanItem]:
    """The plan's rows that stand (removed ones left out), in the order they were first added."""
    return [PlanItem(t=e.t, item=e.item, team=e.team, source=e.source, issue=e.issue, action=e.action,
                     capability=e.capability, owner=e.owner, start=e.start, completion=e.completion)
            for e in state.plan.values()]
