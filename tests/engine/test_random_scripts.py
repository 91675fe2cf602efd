"""Random valid and invalid scripts: the engine refuses or records, never crashes, scores stay in bounds."""

from __future__ import annotations

from typing import Any

from drill_play import start
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberdrill.engine import evolve, replay, score
from cyberdrill.engine.commands import CommandRefused, EndSession, GiveMark, TakeAction, Tick
from cyberdrill.engine.decide import decide

TEAMS = ["th-cert", "ru-cert", "nl-cert"]
ACTIONS = ["classify", "freeze_request", "preservation_request", "share_indicators", "notify_partner",
           "situation_report", "no_such_action"]
VALUES: dict[str, list[Any]] = {
    "rsit": ["fraud/phishing", "fraud", "intrusions/burglary", 3],
    "tlp": ["TLP:AMBER", "TLP:CLEAR", "TLP:WHITE", "amber", None],
    "to": ["ru-bank", "ru-hoster", "th-247", "th-police", "th-bank", "nobody", ""],
    "channel": ["swift-gpi", "bank-to-bank", "24-7-network", "public-advisory", "pigeon"],
    "account": ["{{ world.mule.account }}", "40817810000000000001", "12AB", 4081781000000000000],
    "amount": ["{{ world.mule.amount }}", "509,000.00", -5, "lots", 0],
    "custodian": ["{{ world.hoster.name }}", "", "Someone"],
    "data_to_preserve": ["{{ world.panel_ip }}", ["{{ world.panel_ip }}", "logs"], [], "a,b"],
    "mla_to_follow": [True, False, "yes", "maybe"],
    "recipient": ["ru-cert", "th-cert", "x"],
    "indicators": ["{{ world.domain }}", ["{{ world.panel_ip }}", "{{ world.domain }}"], ""],
    "evidence": ["statement.csv", "nope.csv"],
    "message": ["{{ world.hoster.name }} preserved", ""],
    "report": ["money moved from {{ world.mule.account }}", "all fine", ""],
    "currency": ["RUB", "rub", "roubles"],
    "colour": ["red"],
}

action = st.fixed_dictionaries({
    "at": st.integers(min_value=0, max_value=10 * 3600),
    "team": st.sampled_from(TEAMS),
    "action": st.sampled_from(ACTIONS),
    "fields": st.dictionaries(st.sampled_from(sorted(VALUES)), st.integers(0, 3), max_size=7),
    "reply_to": st.sampled_from([None, None, "M1", "M2", "M40"]),
})
mark = st.fixed_dictionaries({
    "at": st.integers(min_value=0, max_value=10 * 3600),
    "team": st.sampled_from(TEAMS),
    "step": st.sampled_from(["th.sitrep", "th.freeze", "nope"]),
    "points": st.floats(min_value=-1, max_value=6, allow_nan=False),
})


def _command(item: dict[str, Any], world: dict[str, Any]) -> Any:
    from cyberdrill.pack.text import render_value

    if "step" in item:
        return GiveMark(at=item["at"], team=item["team"], step=item["step"], points=item["points"])
    fields = {name: VALUES[name][i % len(VALUES[name])] for name, i in item["fields"].items()}
    fields = render_value(fields, {"world": world, "attachments": {}})
    return TakeAction(at=item["at"], team=item["team"], action=item["action"], fields=fields,
                      reply_to=item["reply_to"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(st.one_of(action, action, mark), max_size=25), end=st.booleans())
def test_random_scripts_never_crash_and_scores_stay_in_bounds(mini, script: list[dict[str, Any]], end: bool) -> None:
    drill = start(mini)
    state = drill.state.copy()
    log = [e for _, e in drill.log.read(drill.session_id)]
    for item in sorted(script, key=lambda i: i["at"]):
        for command in (Tick(at=item["at"]), _command(item, state.world)):
            try:
                events = decide(mini.pack, state, command)
            except CommandRefused:
                continue
            for event in events:
                state = evolve(state, event)
            log += events
    if end:
        for event in decide(mini.pack, state, EndSession(at=state.t)):
            state = evolve(state, event)
            log.append(event)
    assert replay(log) == state
    card = score(mini.pack, state)
    for team in card.teams:
        assert 0 <= team.score <= team.max_score
        for step in team.steps:
            assert 0 <= step.points <= step.max_points, step
            if step.status not in ("void", "pending"):
                lost = sum(r.points for r in step.reasons)
                assert abs(lost - (step.points - step.max_points)) < 1e-6, step
            if end:
                assert step.status != "pending"
