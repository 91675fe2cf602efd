"""A team's debrief: what it received and did against the steps it was expected to take, their windows and
deadlines, the deductions with their reasons and citations, the branches the run took, and its hot wash.

A pure function of the pack, the state and its scorecard (engine/scoring.py decides every status, point
and reason; this only puts them in time order), so the instructor's debrief screen, a team's read-only
debrief and the report all show the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cyberdrill.engine.debrief import HotWashAnswer, Observation, hot_wash_answers, observations
from cyberdrill.engine.scorecard import OutcomeResult, Scorecard, StepResult
from cyberdrill.engine.state import State
from cyberdrill.pack.model import Pack

EntryKind = Literal["received", "action", "opened", "deadline", "consequence"]
# Deductions are listed for these statuses: every point the team could have had and did not.
LOST = ("late", "partial", "wrong", "out_of_order", "missed")


@dataclass(frozen=True)
class Entry:
    """One moment of a team's timeline. `step` is the expected step it concerns (an action that counted
    for it, its opening, its deadline), with that step's objective and status; None for a message or a
    branch of the scenario."""

    t: int
    kind: EntryKind
    text: str
    step: str | None = None
    objective: str | None = None
    status: str | None = None
    ref: str | None = None  # the message, action or consequence id


@dataclass(frozen=True)
class Branch:
    """A consequence of the scenario: applied at `t`, or averted (`t` None) by what the teams did."""

    consequence: str
    title: str
    t: int | None
    applied: bool


@dataclass(frozen=True)
class TeamDebrief:
    team: str
    entries: tuple[Entry, ...]
    steps: tuple[StepResult, ...]  # the team's expected steps, in the pack's order
    outcomes: tuple[tuple[str, OutcomeResult], ...]  # (objective id, outcome measure)
    branches: tuple[Branch, ...]
    answer: HotWashAnswer | None
    observations: tuple[Observation, ...]  # about this team

    def deductions(self) -> list[StepResult]:
        """The steps that lost points, each with its reasons (and their citations)."""
        return [s for s in self.steps
                if s.status in LOST or (s.status not in ("void", "pending") and s.points < s.max_points)]

    def filtered(self, objective: str | None) -> list[Entry]:
        """The entries concerning one objective (None: all)."""
        return list(self.entries) if objective is None else [e for e in self.entries if e.objective == objective]


# At the same time: an opening, then what arrived, a branch, what was done, then a deadline.
_RANK = {"opened": 0, "received": 1, "consequence": 2, "action": 3, "deadline": 4}


def team_debrief(pack: Pack, state: State, card: Scorecard, team: str) -> TeamDebrief:
    """Team `team`'s debrief at the scorecard's time (see the module docstring)."""
    results = {s.step: s for s in card.team(team).steps}
    steps = [results[s.id] for s in pack.steps if s.team == team and s.id in results]
    counted = {s.action_id: s for s in steps if s.action_id}
    entries: list[Entry] = []
    for m in state.messages:
        if team in m.to:
            entries.append(Entry(m.t, "received", m.subject, ref=m.message))
    for a in state.actions:
        if a.team != team:
            continue
        title = pack.actions[a.action].title if a.action in pack.actions else a.action
        result = counted.get(a.action_id)
        entries.append(Entry(a.t, "action", title, step=result.step if result else None,
                             objective=result.objective if result else None,
                             status=result.status if result else None, ref=a.action_id))
    for s in steps:
        if s.opened_at is not None:
            entries.append(Entry(s.opened_at, "opened", s.title, s.step, s.objective, s.status))
        if s.due_at is not None and (s.opened_at is not None or s.status != "void"):
            entries.append(Entry(s.due_at, "deadline", s.title, s.step, s.objective, s.status))
    titles = {c.id: c.title for c in pack.consequences}
    for consequence, t in state.applied.items():
        entries.append(Entry(t, "consequence", titles.get(consequence, consequence), ref=consequence))
    entries = [e for e in entries if e.t <= card.at or e.kind == "deadline"]
    order = sorted(range(len(entries)), key=lambda n: (entries[n].t, _RANK[entries[n].kind], n))
    branches = [Branch(c, titles.get(c, c), t, True) for c, t in state.applied.items()]
    branches += [Branch(c, titles.get(c, c), None, False) for c in sorted(state.cancelled_consequences)]
    outcomes = [(o.objective, m) for o in card.team(team).objectives for m in o.outcomes]
    answer = next((a for a in hot_wash_answers(state) if a.team == team), None)
    return TeamDebrief(team=team, entries=tuple(entries[n] for n in order), steps=tuple(steps),
                       outcomes=tuple(outcomes), branches=tuple(branches), answer=answer,
                       observations=tuple(o for o in observations(state) if o.team == team))


def step_entries(debrief: TeamDebrief, step: str) -> list[Entry]:
    """The entries of one expected step (its opening, the action that counted, its deadline)."""
    return [e for e in debrief.entries if e.step == step]

