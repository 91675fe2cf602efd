"""The flagship scores the victims' restitution path (the MLA request asks for the proceeds back under UNTOC
Art. 14(2); the victim advice says how to claim the money held in Thailand) and the hash re-check on a
handover (NCCCI records the digest the hoster stated, and it must equal the file's)."""

from __future__ import annotations

from flagship_play import edited, entry_is, play, received, step

from cyberdrill.engine.queries import recorded_digest
from cyberdrill.pack.loaded import LoadedPack

TH, RU = "th-thaicert", "ru-nccci"


def test_an_mla_request_without_restitution_loses_its_points_with_the_reason(flagship: LoadedPack) -> None:
    full = step(play(flagship, flagship.scripts["solution"]), "th.mla-request")
    script = edited(flagship.scripts["solution"], entry_is(TH, "mla_request"), fields={"restitution": None})
    drill = play(flagship, script)
    result = step(drill, "th.mla-request")
    assert full.points == 20 and result.points < 20
    reason = next(r for r in result.reasons if r.code == "field:restitution")
    assert "14(2)" in reason.text and "victims" in reason.text
    # The central authority still transmits it, and says what is lacking.
    assert "does not ask for the proceeds to be returned" in received(drill, TH)["oag.mla-transmitted"]
    assert "does not ask" not in received(play(flagship, flagship.scripts["solution"]), TH)["oag.mla-transmitted"]


def test_victim_advice_without_the_way_to_claim_the_held_money_loses_points(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "advise_victims"), fields={"recovery": None})
    result = step(play(flagship, script), "th.victim-advice")
    assert result.points < 10
    assert any(r.code == "field:recovery" and "police complaint" in r.text for r in result.reasons)


def test_the_hoster_states_the_digest_the_engine_recorded(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["solution"])
    digest = recorded_digest(drill.state, "access-log")
    assert digest and digest in received(drill, RU)["ru.hoster-abuse"]
    assert digest in received(drill, RU)["ru.logs-secured"]  # the manifest entry is the same digest
    assert step(drill, "ru.register-log").points == 10


def test_a_wrong_digest_for_the_senders_manifest_loses_the_points(flagship: LoadedPack) -> None:
    wrong = "0" * 64
    script = edited(flagship.scripts["solution"], entry_is(RU, "register_evidence"), fields={"stated_hash": wrong})
    result = step(play(flagship, script), "ru.register-log")
    assert result.points < 10
    assert any(r.code == "field:stated_hash" and "hoster stated" in r.text for r in result.reasons)


def test_a_registration_without_the_handover_record_loses_points(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(RU, "register_evidence"),
                    fields={"received_from": None, "stated_hash": None})
    result = step(play(flagship, script), "ru.register-log")
    codes = {r.code for r in result.reasons}
    assert result.points < 10 and {"field:received_from", "field:stated_hash"} <= codes


def test_the_mvd_confirms_a_handover_only_when_the_stated_digest_is_the_files(flagship: LoadedPack) -> None:
    good = play(flagship, flagship.scripts["solution"])
    assert step(good, "ru.handover-mvd").points == 5
    assert "equals the one you stated" in received(good, RU)["mvd.handover-received"]
    script = edited(flagship.scripts["solution"], entry_is(RU, "hand_over_evidence"),
                    fields={"hash_value": "f" * 64})
    drill = play(flagship, script)
    result = step(drill, "ru.handover-mvd")
    assert result.points < 5 and any(r.code == "field:hash_value" for r in result.reasons)
    got = received(drill, RU)
    assert "mvd.handover-received" not in got and "cannot confirm" in got["mvd.handover-mismatch"]


def test_the_typical_mistakes_lose_the_restitution_and_custody_points_with_their_reasons(
        flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["scripts/typical-mistakes"])

    def codes(step_id: str) -> set[str]:
        return {r.code for r in step(drill, step_id).reasons}

    assert "field:recovery" in codes("th.victim-advice")
    assert "field:restitution" in codes("th.mla-request")
    assert {"field:received_from", "field:stated_hash"} <= codes("ru.register-log")
    assert "field:hash_value" in codes("ru.handover-mvd")
    assert "cannot confirm" in received(drill, RU)["mvd.handover-mismatch"]
