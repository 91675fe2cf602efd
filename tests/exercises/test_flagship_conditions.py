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


def _replies(drill: Drill, team: str) -> dict[str, str]:
    return {m.inject: m.body for m in drill.state.messages if m.inject and team in m.to}


@pytest.mark.parametrize(("to", "refused"), [("ru-247-poc", "ru247.disclosure-refused"),
                                             ("nl-247-poc", "nl247.disclosure-refused")])
def test_a_contact_point_refuses_a_preservation_request_that_asks_for_disclosure_now(
        flagship: LoadedPack, to: str, refused: str) -> None:
    drill = _solution_with(flagship, "th-thaicert", "preservation_request", to, disclose_now=True)
    replies = _replies(drill, "th-thaicert")
    assert refused in replies and "asks for the data to be sent now" in replies[refused]
    assert to.split("-")[0] + "247.preservation-confirmed" not in replies


def test_russias_contact_point_returns_a_request_in_a_certs_own_name_and_preserves_nothing(
        flagship: LoadedPack) -> None:
    drill = _solution_with(flagship, "th-thaicert", "preservation_request", "ru-247-poc",
                           requesting_authority="ThaiCERT, national CERT of Thailand")
    replies = _replies(drill, "th-thaicert")
    assert "not an authority" in replies["ru247.not-competent"]
    assert "ThaiCERT, national CERT of Thailand" in replies["ru247.not-competent"]
    assert "ru247.preservation-confirmed" not in replies
    # Nothing reached NCCCI to assess: the request went no further than the contact point.
    assert step(drill, "ru.handle-preservation").status == "void"


@pytest.mark.parametrize("authority", ["Royal Thai Police CCIB", "สำนักงานอัยการสูงสุด (อัยการ)",
                                       "Office of the Attorney General of Thailand"])
def test_a_request_on_behalf_of_police_or_prosecutor_is_accepted(flagship: LoadedPack, authority: str) -> None:
    drill = _solution_with(flagship, "th-thaicert", "preservation_request", "ru-247-poc",
                           requesting_authority=authority)
    assert "ru247.preservation-confirmed" in _replies(drill, "th-thaicert")
    result = step(drill, "th.preserve-ru")
    assert result.points == result.max_points, [r.text for r in result.reasons]


def test_the_central_authority_returns_a_draft_resting_on_budapest(flagship: LoadedPack) -> None:
    drill = _solution_with(flagship, "th-thaicert", "mla_request", "th-oag",
                           legal_basis="Budapest Convention on Cybercrime, Art. 27")
    replies = _replies(drill, "th-thaicert")
    assert "neither Thailand nor the\nRussian Federation is a Party" in replies["oag.mla-returned-budapest"]
    assert "oag.mla-transmitted" not in replies
    assert "penalty:budapest-as-binding" in [r.code for r in step(drill, "th.mla-request").reasons]
    denied = _solution_with(flagship, "th-thaicert", "mla_request", "th-oag",
                            legal_basis="UNTOC Art. 18 and reciprocity; Russia is not a party to Budapest")
    assert "oag.mla-transmitted" in _replies(denied, "th-thaicert")


def test_a_disclosure_request_forwarded_by_thailands_point_of_contact_is_refused_in_russia(
        flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is("th-thaicert", "preservation_request", "ru-247-poc"),
                    fields={"to": "th-247-poc", "disclose_now": True})
    replies = _replies(play(flagship, script, seed=3), "th-thaicert")
    assert "th247.preservation-forwarded" in replies
    assert "ru247.disclosure-refused" in replies and "ru247.preservation-confirmed" not in replies
