"""A team's debrief puts what it received and did against its expected steps, in time order, with every
deduction's reason and citation and the branches the run took; it shows nothing of the other team."""

from __future__ import annotations

from drill_play import play, solution

from cyberdrill.engine import commands as cmd
from cyberdrill.engine.timeline import team_debrief
from cyberdrill.pack.loaded import LoadedPack


def test_a_team_debrief_orders_its_timeline_and_explains_each_deduction(mini: LoadedPack) -> None:
    drill = play(mini, solution(mini, drop={1, 2}))  # no freeze request, no indicators shared
    debrief = team_debrief(mini.pack, drill.state, drill.scorecard(), "th-cert")
    times = [e.t for e in debrief.entries]
    assert times == sorted(times)
    kinds = {(e.kind, e.step) for e in debrief.entries}
    assert ("opened", "th.freeze") in kinds and ("deadline", "th.freeze") in kinds
    assert ("action", "th.classify") in kinds
    lost = {s.step: s for s in debrief.deductions()}
    assert {"th.freeze", "th.share"} <= set(lost) and "th.classify" not in lost
    reason = lost["th.freeze"].reasons[0]
    assert "deadline" in reason.text and reason.cite == "SWIFT gpi Stop and Recall (gSRP)"
    assert ("funds-move", True) in {(b.consequence, b.applied) for b in debrief.branches}
    # only this team's traffic and steps
    assert all(e.step is None or e.step.startswith("th.") for e in debrief.entries)
    assert not any(a.team == "ru-cert" and e.ref == a.action_id for e in debrief.entries for a in drill.state.actions)


def test_filtering_by_objective_keeps_only_its_steps(mini: LoadedPack) -> None:
    drill = play(mini, solution(mini, drop={1}))
    debrief = team_debrief(mini.pack, drill.state, drill.scorecard(), "th-cert")
    triage = debrief.filtered("triage")
    assert triage and all(e.objective == "triage" for e in triage)
    assert len(debrief.filtered(None)) == len(debrief.entries) > len(triage)


def test_the_team_debrief_holds_its_own_hot_wash_answer_and_observations(mini: LoadedPack) -> None:
    drill = play(mini, mini.scripts["solution"])
    drill.execute(cmd.OpenHotWash(at=0))
    drill.execute(cmd.AnswerHotWash(at=0, team="ru-cert", went_well=("preserved early",)))
    drill.execute(cmd.AddObservation(at=0, team="ru-cert", text="calm"))
    drill.execute(cmd.AddObservation(at=0, team="th-cert", text="rushed"))
    ru = team_debrief(mini.pack, drill.state, drill.scorecard(), "ru-cert")
    th = team_debrief(mini.pack, drill.state, drill.scorecard(), "th-cert")
    assert ru.answer is not None and ru.answer.went_well == ("preserved early",) and th.answer is None
    assert [o.text for o in ru.observations] == ["calm"] and [o.text for o in th.observations] == ["rushed"]
