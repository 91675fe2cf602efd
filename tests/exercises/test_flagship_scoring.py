"""The flagship scored as an evaluator would: the realistic route through Thailand's own 24/7 point of contact
earns full marks, citations in Russian or Thai score as the English ones, and a negated mention of Budapest
costs nothing."""

from __future__ import annotations

from flagship_play import edited, entry_is, play, received, step, team_score

from cyberdrill.pack.loaded import LoadedPack

TH, RU = "th-thaicert", "ru-nccci"


def test_preservation_through_thailands_own_point_of_contact_earns_full_marks(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "preservation_request", "ru-247-poc"),
                    fields={"to": "th-247-poc"})
    drill = play(flagship, script)
    result = step(drill, "th.preserve-ru")
    assert (result.points, result.max_points, result.route) == (20, 20, "via-thai-247-poc")
    assert "th247.preservation-forwarded" in received(drill, TH)
    assert "ru247.preservation-confirmed" in received(drill, TH)  # Russia's answer, after the forwarding
    assert team_score(drill, TH).percent == 100 and team_score(drill, RU).percent == 100  # NCCCI's steps apply


def test_citations_in_russian_and_thai_score_as_the_english_ones(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "hold_request", "th-bank-fraud"),
                    fields={"legal_basis": "พ.ร.ก. มาตรการป้องกันและปราบปรามอาชญากรรมทางเทคโนโลยี พ.ศ. ๒๕๖๖"})
    script = edited(script, entry_is(TH, "mla_request"), fields={
        "legal_basis": "Конвенция ООН против транснациональной организованной преступности, ст. 18; взаимность",
        "dual_criminality": "Мошенничество: ст. ๑๕๙ и 159.6 Уголовного кодекса Российской Федерации"})
    drill = play(flagship, script)
    assert step(drill, "th.hold-mules").points == 15
    assert step(drill, "th.mla-request").points == 20
    assert "oag.mla-transmitted" in received(drill, TH)  # the central authority reads the Russian citation


def test_saying_budapest_does_not_apply_costs_nothing(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "mla_request"),
                    fields={"legal_basis": "UNTOC Art. 18 and reciprocity; Russia is not a party to Budapest"})
    drill = play(flagship, script)
    result = step(drill, "th.mla-request")
    assert result.points == 20 and not [r for r in result.reasons if r.code.startswith("penalty:")]


def test_a_request_whose_facts_are_filler_earns_nothing(flagship: LoadedPack) -> None:
    filler = {f: "x" for f in ("requesting_authority", "offence_facts", "relation_to_offence", "necessity")}
    script = edited(flagship.scripts["solution"], entry_is(TH, "preservation_request", "ru-247-poc"),
                    fields={**filler, "custodian": "n/a"})
    drill = play(flagship, script)
    result = step(drill, "th.preserve-ru")
    assert result.points == 0 and result.reasons[-1].code == "substance"
    assert "ru247.preservation-incomplete" in received(drill, TH)  # and Russia asks for the facts


def test_the_mla_draft_through_the_police_earns_full_marks(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "mla_request"),
                    fields={"to": "th-tcsd", "channel": "domestic"})
    drill = play(flagship, script)
    result = step(drill, "th.mla-request")
    assert (result.points, result.route) == (20, "via-police")
    got = received(drill, TH)
    assert "tcsd.mla-passed-on" in got and "oag.mla-transmitted" in got  # signed, then transmitted
    assert team_score(drill, TH).percent == 100 and team_score(drill, RU).percent == 100
