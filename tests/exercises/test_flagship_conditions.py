"""The conditions international cooperation puts on the flagship's requests (issue 14): what NCCCI passes on
binds ThaiCERT's onward request (UNTOC Art. 18(5), 18(19)), and the contact points and the central authority
send back requests they cannot act on, saying why."""

from __future__ import annotations

import pytest
from flagship_play import edited, entry_is, play, step

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.service import Drill


def _solution_with(flagship: LoadedPack, team: str, action: str, to: str, **fields: object) -> Drill:
    script = edited(flagship.scripts["solution"], entry_is(team, action, to), fields=dict(fields))
    return play(flagship, script, seed=3)


@pytest.mark.parametrize("consent", [None, "none-passed-on", "passed-on-without-consent"])
def test_passing_nccci_information_to_the_netherlands_without_consent_costs_four_points(
        flagship: LoadedPack, consent: str | None) -> None:
    drill = _solution_with(flagship, "th-thaicert", "preservation_request", "nl-247-poc", onward_consent=consent)
    result = step(drill, "th.preserve-third-country")
    assert result.points == result.max_points - 4
    reasons = {r.code: r.text for r in result.reasons}
    assert "penalty:onward-transfer-without-consent" in reasons
    assert "without saying that Russia consented" in reasons["penalty:onward-transfer-without-consent"]


@pytest.mark.parametrize("consent", ["supplying-State-consented", "consent-asked-of-supplying-State"])
def test_an_onward_request_that_states_russias_consent_keeps_full_marks(flagship: LoadedPack, consent: str) -> None:
    drill = _solution_with(flagship, "th-thaicert", "preservation_request", "nl-247-poc", onward_consent=consent)
    result = step(drill, "th.preserve-third-country")
    assert result.points == result.max_points, [r.text for r in result.reasons]


def test_the_solution_respects_the_condition_and_the_careless_script_breaks_it(flagship: LoadedPack) -> None:
    solution = step(play(flagship, flagship.scripts["solution"], seed=3), "th.preserve-third-country")
    assert solution.points == solution.max_points
    careless = step(play(flagship, flagship.scripts["scripts/typical-mistakes"], seed=3), "th.preserve-third-country")
    assert "penalty:onward-transfer-without-consent" in [r.code for r in careless.reasons]
