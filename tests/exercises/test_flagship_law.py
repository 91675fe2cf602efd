"""The flagship's law and institutions as of 2026 (issue 14): current names in every text the teams read,
a source on every scored step, and the checks that follow the law rather than one wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flagship_play import edited, entry_is, play, step

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.service import Drill

PACK = Path(__file__).resolve().parents[2] / "exercises" / "ru-th-remittance-fraud"
# The careless script may write what careless trainees write ("Royal Decree B.E. 2566").
TEXTS = [p for p in sorted(PACK.rglob("*")) if p.is_file() and p.parent.name != "scripts"]


@pytest.mark.parametrize(("wrong", "why"), [
    ("Royal Decree", "the instrument is an Emergency Decree (พระราชกำหนด) B.E. 2566, amended B.E. 2568"),
    ("Executive Decree", "the 2025 amendment is Emergency Decree (No. 2) B.E. 2568"),
    ("Special Technical Measures", "the MVD's ICT-crime lead is the УБК МВД России"),
    ("MVD cyber unit", "name the УБК МВД России"),
    ("BIC 0", "a 9-digit Russian code is a BIK, not a BIC"),
    ("2025 amendment requires", "no source says the amendment requires holding only suspicious amounts"),
    ("TCSD duty desk", "CCIB, not TCSD, is the Thai police lead for online fraud"),
])
def test_no_pack_text_repeats_a_corrected_error(wrong: str, why: str) -> None:
    hits = [f"{p.relative_to(PACK)}:{n}" for p in TEXTS
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if wrong in line]
    assert hits == [], why


def test_tcsd_appears_only_as_a_division_of_the_central_investigation_bureau() -> None:
    for p in TEXTS:
        for line in p.read_text(encoding="utf-8").splitlines():
            if "TCSD" in line or "Technology Crime Suppression Division" in line:
                assert "Central Investigation Bureau" in line or "Investigation Bureau" in line, line


PRIMARY = re.compile(
    r"\bArts?\.? \d|\bs\. \d|\bsection \d|\bpar\. \d|RFC \d|ISO(/IEC)? \d|NIST SP|TLP 2\.0|FIRST |"
    r"Federal Law|Emergency Decree|Act on|Egmont Group|RSIT|INTERPOL|Treaty Office|UN Treaty Collection|exercise rule")


def test_every_scored_step_and_penalty_cites_a_primary_source_or_an_exercise_rule(flagship: LoadedPack) -> None:
    uncited = [s.id for s in flagship.pack.steps if not PRIMARY.search(s.cite)]
    uncited += [f"{s.id}/{p.id}" for s in flagship.pack.steps for p in s.penalties or []
                if not PRIMARY.search(p.cite or "")]
    assert uncited == []


def _solution_with(flagship: LoadedPack, team: str, action: str, to: str, **fields: object) -> Drill:
    script = edited(flagship.scripts["solution"], entry_is(team, action, to), fields=dict(fields))
    return play(flagship, script, seed=4)


def test_an_acknowledgement_under_amber_strict_respects_the_senders_label(flagship: LoadedPack) -> None:
    drill = _solution_with(flagship, "ru-nccci", "respond_request", "th-thaicert", tlp="TLP:AMBER+STRICT")
    result = step(drill, "ru.ack-thaicert")
    assert result.points == result.max_points
    looser = _solution_with(flagship, "ru-nccci", "respond_request", "th-thaicert", tlp="TLP:GREEN")
    assert step(looser, "ru.ack-thaicert").points < result.max_points


def test_dual_criminality_must_name_the_russian_articles(flagship: LoadedPack) -> None:
    bare = _solution_with(flagship, "th-thaicert", "mla_request", "th-oag",
                          dual_criminality="The conduct is fraud in Russia too.")
    assert "field:dual_criminality" in [r.code for r in step(bare, "th.mla-request").reasons]
    named = _solution_with(flagship, "th-thaicert", "mla_request", "th-oag",
                           dual_criminality="УК РФ ст. 159.6 и ст. 187")
    result = step(named, "th.mla-request")
    assert result.points == result.max_points


@pytest.mark.parametrize(("team", "to", "step_id", "basis"), [
    ("th-thaicert", "th-bank-fraud", "th.hold-mules",
     "พ.ร.ก. มาตรการป้องกันและปราบปรามอาชญากรรมทางเทคโนโลยี พ.ศ. 2566 แก้ไขเพิ่มเติม (ฉบับที่ 2) พ.ศ. 2568"),
    ("th-thaicert", "th-bank-fraud", "th.hold-mules", "Emergency Decree on technology crimes, as amended in 2025"),
    ("ru-nccci", "ru-bank", "ru.hold-payout", "собственные меры банка по 115-ФЗ; сведения через ФинЦЕРТ"),
])
def test_the_hold_basis_counts_in_the_national_language_too(flagship: LoadedPack, team: str, to: str,
                                                            step_id: str, basis: str) -> None:
    drill = _solution_with(flagship, team, "hold_request", to, legal_basis=basis)
    result = step(drill, step_id)
    assert result.points == result.max_points, [r.text for r in result.reasons]


def test_the_mla_request_must_name_an_offence_that_brings_the_case_within_untoc(flagship: LoadedPack) -> None:
    # UNTOC Art. 2(b): a serious crime carries a maximum of at least four years; simple fraud (s. 341) carries three.
    simple = _solution_with(flagship, "th-thaicert", "mla_request", "th-oag",
                            offences="Fraud (Thai Criminal Code s. 341)")
    assert "field:offences" in [r.code for r in step(simple, "th.mla-request").reasons]
    thai = _solution_with(flagship, "th-thaicert", "mla_request", "th-oag",
                          offences="ฉ้อโกงประชาชน ประมวลกฎหมายอาญา มาตรา 343")
    result = step(thai, "th.mla-request")
    assert result.points == result.max_points


def test_the_next_hop_disclosure_must_limit_use_and_onward_transfer(flagship: LoadedPack) -> None:
    vague = _solution_with(flagship, "ru-nccci", "share_information", "th-247-poc", conditions="Handle with care.")
    assert "field:conditions" in [r.code for r in step(vague, "ru.disclose-next-hop").reasons]
    russian = _solution_with(flagship, "ru-nccci", "share_information", "th-247-poc",
                             conditions="Только для расследования, указанного в запросе; передача третьим лицам "
                                        "без нашего согласия не допускается.")
    result = step(russian, "ru.disclose-next-hop")
    assert result.points == result.max_points


@pytest.mark.parametrize(("party", "names"), [
    ("th-bank-fraud", ["TB-CERT"]),
    ("th-tcsd", ["Cyber Crime Investigation Bureau", "CCIB"]),
    ("th-hotline", ["Anti Online Scam Operation Center", "AOC", "1441"]),
    ("ru-mvd", ["УБК МВД России"]),
    ("ru-247-poc", ["УБК"]),
])
def test_the_parties_carry_their_2026_names(flagship: LoadedPack, party: str, names: list[str]) -> None:
    name = next(p.name for p in flagship.pack.parties if p.id == party)
    assert all(n in name for n in names), name


def test_a_takedown_without_telling_the_police_first_loses_the_deconfliction_points(flagship: LoadedPack) -> None:
    # .RU/.РФ rules par. 5.7: ending a delegation is visible to the registrant, so the police may object.
    script = edited(flagship.scripts["solution"], entry_is("ru-nccci", "notify", "ru-mvd"), drop=True)
    drill = play(flagship, script, seed=5)
    assert step(drill, "ru.deconflict-takedown").status == "missed"
    assert step(drill, "ru.takedown").points == step(drill, "ru.takedown").max_points  # the takedown itself stands
