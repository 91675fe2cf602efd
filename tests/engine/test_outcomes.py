"""Outcomes beside the procedure score, late work that no longer matters, and conditions on penalties and
on what was published (tests/fixtures/packs/outcomes)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from drill_play import entries, play, step_result

from cyberdrill.commands.run_cmd import print_team
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "outcomes"


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(PACK)


def _hold(at: str) -> dict[str, Any]:
    return {"at": at, "team": "th-cert", "action": "hold_request",
            "fields": {"to": "th-bank", "channel": "bank-to-bank", "accounts": "123-4-56789-0"}}


def _advisory(at: str, text: str) -> dict[str, Any]:
    return {"at": at, "team": "th-cert", "action": "advisory", "fields": {"channel": "public-advisory", "text": text}}


def _recovery(drill):  # type: ignore[no-untyped-def]
    return next(o for o in drill.scorecard().team("th-cert").objectives if o.objective == "recovery")


def test_outcomes_show_beside_the_procedure_and_weigh_in_the_rating(pack: LoadedPack) -> None:
    recovery = _recovery(play(pack, pack.scripts["solution"]))
    assert recovery.percent == 100
    assert [(o.outcome, o.percent, o.value, o.of) for o in recovery.outcomes] == [
        ("funds-held", 63.1579, 240000, 380000), ("held-early", 100.0, True, None)]
    assert recovery.rated_percent == 90.7895 and recovery.rating == "P"  # 0.5 x 100 + 0.5 x 81.6


def test_a_slow_team_that_loses_the_money_rates_lower_than_its_procedure(pack: LoadedPack) -> None:
    drill = play(pack, entries(_hold("T+01:30")))  # late, but before the money moves
    assert step_result(drill, "th.hold").points == 5
    recovery = _recovery(drill)
    # procedure 50%; held 63.2% of the money but not within the hour: outcomes 31.6%; rated 40.8% -> U
    assert (recovery.percent, recovery.rated_percent, recovery.rating) == (50, 40.7895, "U")


def test_late_work_after_the_money_moved_is_worth_nothing(pack: LoadedPack) -> None:
    result = step_result(play(pack, entries(_hold("T+02:30"))), "th.hold")
    assert (result.points, result.status) == (0, "late")
    assert [(r.code, r.points) for r in result.reasons] == [("moot", -10)]
    assert "after funds_moved became true at T+02:00: too late to matter" in result.reasons[0].text


def test_a_leak_on_a_public_channel_warns_the_fraudsters_and_a_penalty_fires_an_inject(pack: LoadedPack) -> None:
    drill = play(pack, entries(_advisory("T+00:10", "Do not pay into account 123 4 56789 0"), _hold("T+00:30")))
    delivered = [m.inject for m in drill.state.messages]
    assert "mule-gone" in delivered and "press-asks" in delivered
    assert drill.state.first_delivery["mule-gone"] == 20 * 60 and drill.state.first_delivery["press-asks"] == 15 * 60
    hold = step_result(drill, "th.hold")
    assert hold.points == 0 and "after funds_moved became true at T+00:20" in hold.reasons[0].text
    advisory = step_result(drill, "th.advisory")
    assert [(r.code, r.points) for r in advisory.reasons] == [("penalty:account-published", -4)]


def test_an_advisory_without_the_account_triggers_nothing(pack: LoadedPack) -> None:
    drill = play(pack, entries(_advisory("T+00:10", "Fake SMS messages lead to a phishing page.")))
    assert {"mule-gone", "press-asks"}.isdisjoint(m.inject for m in drill.state.messages)


def test_run_prints_outcomes_in_text_and_json(pack: LoadedPack) -> None:
    out = io.StringIO()
    print_team(play(pack, pack.scripts["solution"]).scorecard().team("th-cert"), out)
    assert "objective recovery: 100.0% P (rated on 90.8% with the outcomes)" in out.getvalue()
    assert "outcome funds-held: 63.2% (240,000 of 380,000) money held of the money at risk" in out.getvalue()
    done = subprocess.run([sys.executable, "-m", "cyberdrill", "run", str(PACK), "--solution", "--json"],
                          capture_output=True, text=True, check=True)
    card = json.loads(done.stdout)
    recovery = card["teams"][0]["objectives"][0]
    assert recovery["outcomes"][0] == {"outcome": "funds-held", "text": "money held of the money at risk",
                                       "percent": 63.1579, "value": 240000, "of": 380000, "by": None}
    assert recovery["rated_percent"] == 90.7895
