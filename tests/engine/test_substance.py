"""Substance checks: a text names world values, states a period, cites an instrument in any of three
languages; filler earns nothing; a negated mention does not trip a penalty (tests/fixtures/packs/substance)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from drill_play import entries, play, step_result

from cyberdrill.engine.commands import TakeAction
from cyberdrill.engine.events import InjectScheduled
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "packs" / "substance"
GOOD = {
    "to": "ru-poc", "channel": "24-7-network",
    "facts": "Phishing of Thai bank customers; the proceeds went to a Russian account.",
    "data": "Logs of 198.51.100.7; account 40817-810-0-0000-1234567 of Ivan Petrov",
    "time_window": "2026-11-14 to 2026-11-23 (UTC)",
    "legal_basis": "UNTOC Art. 18",
}


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return load_pack(PACK)


def _result(pack: LoadedPack, **fields: Any):  # type: ignore[no-untyped-def]
    drill = play(pack, entries({"at": "T+00:20", "team": "th-cert", "action": "preservation_request",
                                "fields": {**GOOD, **fields}}))
    return step_result(drill, "th.preserve")


def _lost(result) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {r.code: r.points for r in result.reasons if r.points}


def test_the_solution_scores_full_marks(pack: LoadedPack) -> None:
    assert _result(pack).points == 8


@pytest.mark.parametrize("filler", ["x", "n/a", "Summary of the facts", "Lorem ipsum dolor sit amet, consectetur",
                                    "as discussed " * 5, "see above", "xxxxxx", "test", "-"])
def test_filler_earns_nothing_and_says_so(pack: LoadedPack, filler: str) -> None:
    result = _result(pack, facts=filler)
    assert result.points == 6  # 8 points over 4 matchers: facts loses 2
    reason = next(r for r in result.reasons if r.code == "field:facts")
    assert reason.points == -2 and "carries no facts" in reason.text


def test_a_request_whose_facts_and_data_carry_nothing_earns_nothing(pack: LoadedPack) -> None:
    result = _result(pack, facts="x", data="n/a")  # channel-like typed parts alone do not make a request
    assert (result.points, result.status) == (0, "partial")
    assert [r.code for r in result.reasons][-1] == "substance"
    assert result.reasons[-1].text == "none of facts, data carries any facts: content-free work earns nothing"
    assert sum(r.points for r in result.reasons) == -8


@pytest.mark.parametrize("data, points", [
    ("account 40817 810 0 0000 1234567, THB 380,000.00, 198.51.100[.]7", 8),  # separators, defanged IP, amount
    ("IVAN PETROV received 380 000 at 40817810000001234567", 8),  # case and spaces
    ("198.51.100.7 only", 6),  # 1 of the 3 needed
    ("198.51.100.70; 3,800,000; 40817-810-0-0000-12345678", 6),  # look-alikes are not the values
])
def test_names_counts_world_values_k_of_n(pack: LoadedPack, data: str, points: float) -> None:
    result = _result(pack, data=data)
    assert result.points == points
    if points < 8:
        assert "data: must name 3 of 198.51.100.7" in next(r.text for r in result.reasons if r.code == "field:data")


@pytest.mark.parametrize("window, ok", [
    ("2026-11-14 to 2026-11-23 (UTC)", True),
    ("from 14.11.2026 07:00 +07:00 to 23.11.2026 06:00 ICT", True),  # the same instants, Bangkok time
    ("2026-11-14T03:00+03:00 – 2026-11-23T02:00+03:00", True),  # Moscow time
    ("2026-11-14 08:00 +07:00 to 2026-11-23 12:00 +07:00", False),  # starts an hour after the fraud began
    ("14.11.2569 – 23.11.2569 (UTC)", True),  # Buddhist Era years
    ("last week", False),
])
def test_covers_compares_instants_whatever_the_offset(pack: LoadedPack, window: str, ok: bool) -> None:
    assert _result(pack, time_window=window).points == (8 if ok else 6)


@pytest.mark.parametrize("basis", [
    "UNTOC Art. 18",
    "United Nations Convention against Transnational Organized Crime, Article 18(9)",
    "Конвенция ООН против транснациональной организованной преступности, ст. 18",
    "ст. 18 Конвенции Организации Объединённых Наций против транснациональной организованной преступности",
    "อนุสัญญาสหประชาชาติว่าด้วยการต่อต้านอาชญากรรมข้ามชาติที่จัดตั้งในลักษณะองค์กร มาตรา ๑๘",
    "Палермо, ст. 18",  # an alias the pack adds
])
def test_cites_matches_any_alias_in_three_languages(pack: LoadedPack, basis: str) -> None:
    assert _result(pack, legal_basis=basis).points == 8


@pytest.mark.parametrize("basis", ["UNTOC Art. 16", "not UNTOC, Art. 18", "Treaty of Testing", "x"])
def test_cites_needs_the_instrument_and_the_article_affirmed(pack: LoadedPack, basis: str) -> None:
    result = _result(pack, legal_basis=basis)
    assert result.points == 6
    assert "legal_basis:" in next(r.text for r in result.reasons if r.code == "field:legal_basis")


@pytest.mark.parametrize("basis, penalised", [
    ("UNTOC Art. 18; Budapest Convention Art. 29", True),
    ("UNTOC Art. 18, not the Budapest Convention", False),
    ("UNTOC Art. 18. Russia is not a party to Budapest.", False),
    ("UNTOC Art. 18 (Россия не участвует в Будапештской конвенции; Budapest не применяется)", False),
])
def test_a_negated_mention_does_not_trip_a_penalty(pack: LoadedPack, basis: str, penalised: bool) -> None:
    result = _result(pack, legal_basis=basis)
    assert result.points == (6 if penalised else 8)
    assert ("penalty:th.preserve.budapest" in _lost(result)) is penalised


def test_a_counterpart_names_the_elements_that_carry_no_facts(pack: LoadedPack) -> None:
    from drill_play import start

    drill = start(pack)
    events = drill.execute(TakeAction(at=600, team="th-cert", action="preservation_request",
                                      fields={**GOOD, "facts": "n/a", "data": "see above"}))
    missing = next(e for e in events if isinstance(e, InjectScheduled)).context["missing"]
    assert missing == ["facts: 'n/a' carries no facts; must be given",
                       "data: 'see above' carries no facts; must name 198.51.100.7"]


def test_validate_refuses_an_unknown_instrument(tmp_path: Path) -> None:
    import shutil

    from cyberdrill.pack.load import read_pack

    folder = tmp_path / "pack"
    shutil.copytree(PACK, folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8").replace('cites: ["untoc:18"]', 'cites: ["untok:18"]')
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    messages = [d.message for d in read_pack(folder)[1] if d.severity == "error"]
    assert any("cites 'untok:18': no instrument 'untok'" in m and "did you mean 'untoc'" in m for m in messages)
