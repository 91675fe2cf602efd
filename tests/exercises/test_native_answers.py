"""Answers in any of the three languages score the same (issue 16, item 5): the flagship's solution with
NCCCI's free-text answers in Russian and ThaiCERT's in Thai, carrying the same facts, earns the English
solution's scorecard step by step on several seeds; a legal basis that cites the Budapest Convention as
binding costs the same points in every language, and one that says it does not apply costs none; filler
is judged alike; and each team reads every inject of the flagship in its language, TLP label kept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flagship_play import edited, entry_is, play, step
from native_answers import NATIVE

from cyberdrill.engine import substance
from cyberdrill.engine.queries import message_text
from cyberdrill.pack.instruments import vocabulary
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import ScriptEntry
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog

# Fields that hold identifiers, not prose: the same in every language.
IDENTIFIERS = frozenset({"case_id", "item_id", "case_ref", "request_ref", "preservation_ref", "transfer_ref",
                         "domains", "urls", "ips", "accounts", "indicators", "subjects"})


def _native(loaded: LoadedPack) -> list[ScriptEntry]:
    script = list(loaded.scripts["solution"])
    for (team, action, to), fields in NATIVE.items():
        script = edited(script, entry_is(team, action, to), fields=fields)
    return script


def _card(drill) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    """What a reader of the scorecard compares: each step's status, points and the codes of its reasons,
    and each objective's percent and rating."""
    card = drill.scorecard()
    return [(t.team, t.percent,
             [(s.step, s.status, s.points, sorted(r.code for r in s.reasons)) for s in t.steps],
             [(o.objective, o.percent, o.rating) for o in t.objectives]) for t in card.teams]


def test_every_free_text_answer_of_the_solution_has_a_native_version(flagship: LoadedPack) -> None:
    texts = {"text", "longtext", "list"}
    for entry in flagship.scripts["solution"]:
        if entry.action is None:
            continue
        kinds = {name: spec.type for name, spec in flagship.pack.actions[entry.action].fields.items()}
        free = {f for f, v in entry.fields.items() if kinds.get(f) in texts and isinstance(v, (str, list))
                and f not in IDENTIFIERS}
        native = NATIVE.get((entry.team, entry.action, entry.fields.get("to")), {})
        assert free <= set(native), (entry.team, entry.action, sorted(free - set(native)))


@pytest.mark.parametrize("seed", [1, 2, 7])
def test_russian_and_thai_answers_earn_the_english_scorecard(flagship: LoadedPack, seed: int) -> None:
    english = play(flagship, flagship.scripts["solution"], seed)
    native = play(flagship, _native(flagship), seed)
    assert _card(native) == _card(english)
    assert all(t.percent == 100 for t in native.scorecard().teams)
    # and the parties acted on them as on the English: the same facts came about
    assert native.state.facts == english.state.facts


@pytest.mark.parametrize("basis", [
    "UNTOC Art. 18 and reciprocity; Budapest Convention Art. 29",
    "Палермская конвенция, ст. 18, и принцип взаимности; Будапештская конвенция, ст. 29",
    "อนุสัญญา UNTOC ข้อ 18 และหลักถ้อยทีถ้อยปฏิบัติต่อกัน; อนุสัญญาบูดาเปสต์ ข้อ 29",
    "Палермская конвенция; запрос направляется со ссылкой на Будапештскую конвенцию",  # any case of the name
])
def test_budapest_as_the_basis_costs_the_same_in_every_language(flagship: LoadedPack, basis: str) -> None:
    script = edited(flagship.scripts["solution"], entry_is("th-thaicert", "preservation_request", "ru-247-poc"),
                    fields={"legal_basis": basis})
    result = step(play(flagship, script), "th.preserve-ru")
    assert [r.code for r in result.reasons if r.points] == ["penalty:budapest-as-binding"]


@pytest.mark.parametrize("text", [
    "UNTOC Art. 18; the Budapest Convention does not apply",
    "Палермская конвенция; Будапештская конвенция не применяется",
    "Палермская конвенция; Будапештская конвенция к данному случаю не применяется",
    "อนุสัญญา UNTOC โดยอนุสัญญาบูดาเปสต์ไม่ใช้บังคับระหว่างไทยกับรัสเซีย",
    "อนุสัญญา UNTOC ส่วนอนุสัญญาบูดาเปสต์ ไม่ใช้บังคับ",
    "ไทยและรัสเซียมิได้เป็นภาคีอนุสัญญาบูดาเปสต์",
])
def test_a_statement_that_budapest_does_not_apply_does_not_cite_it(flagship: LoadedPack, text: str) -> None:
    assert not substance.cites(text, vocabulary(flagship.pack.instruments)["budapest"])


@pytest.mark.parametrize("text, instrument", [
    ("ไทยและรัสเซียมิได้เป็นภาคีอนุสัญญาบูดาเปสต์ จึงอาศัยอนุสัญญา UNTOC", "untoc"),  # a later phrase is not negated
    ("อนุสัญญา UNTOC และหลักถ้อยทีถ้อยปฏิบัติต่อกัน โดยอนุสัญญาบูดาเปสต์ไม่ใช้บังคับ", "reciprocity"),
    ("Reciprocity; UNTOC Art. 18. Russia is not a party to Budapest.", "untoc"),
    ("อนุสัญญาบูดาเปสต์ (ETS 185) ข้อ 29", "budapest"),
])
def test_a_negation_reaches_only_its_own_phrase(flagship: LoadedPack, text: str, instrument: str) -> None:
    assert substance.cites(text, vocabulary(flagship.pack.instruments)[instrument])


@pytest.mark.parametrize("text, filler", [
    ("บัญชีม้า", False), ("mule account", False), ("счет дропа", False),  # a short real answer counts alike
    ("ดูไฟล์แนบ", True), ("see attached", True), ("см выше", True),        # a stock phrase counts for nothing
    ("ตามที่แจ้ง", True), ("as discussed", True),
])
def test_filler_is_judged_alike_in_every_language(text: str, filler: bool) -> None:
    assert substance.is_filler(text) is filler


CYRILLIC = re.compile(r"[А-Яа-яЁё]")
THAI = re.compile(r"[\u0e00-\u0e7f]")


@pytest.mark.parametrize("script", ["solution", "scripts/typical-mistakes", "nothing"])
def test_each_team_reads_every_inject_in_its_language_with_its_tlp_label(flagship: LoadedPack,
                                                                          script: str) -> None:
    entries = [] if script == "nothing" else flagship.scripts[script]
    drill = DrillService(MemoryLog(), flagship).start(seed=3, languages={"ru-nccci": "ru", "th-thaicert": "th"})
    assert not play_script(drill, entries)
    seen = {"ru-nccci": 0, "th-thaicert": 0}
    for message in drill.state.messages:
        if message.inject is None:  # a team's own message to the other team reads as that team wrote it
            continue
        for team in message.to:
            text = message_text(drill.state, message, team=team)
            assert text.language == drill.state.languages[team], (message.inject, team)
            script_of = CYRILLIC if team == "ru-nccci" else THAI
            assert script_of.search(text.subject) and script_of.search(text.body), (message.inject, team)
            if message.tlp and message.tlp in message.body:
                assert message.tlp in text.body, (message.inject, team)
            seen[team] += 1
    assert all(seen.values()), seen
