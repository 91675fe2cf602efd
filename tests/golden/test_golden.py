"""Golden replays, the project's perft: each recorded log (tests/golden/*.events.jsonl) replays and scores
to exactly its pinned scorecard (*.scorecard.json). A change to scoring, to the fold or to how an old event
is read shows up here as a diff a person can judge. To re-record after a deliberate change:
`python tests/golden/record.py [NAME ...]` (see that file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from record import GOLDEN, PACKS, Golden, scorecard_text

from cyberdrill.engine import replay, score
from cyberdrill.engine.events import MarkGiven, RatingOverridden, SessionStarted, from_json
from cyberdrill.import_check import import_file
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.store.base import MemoryLog

RERECORD = "python tests/golden/record.py {name}"


@pytest.fixture(scope="module")
def packs() -> dict[str, LoadedPack]:
    return {name: load_pack(path) for name, path in PACKS.items()}


def test_every_bundled_pack_has_at_least_two_golden_logs() -> None:
    recorded = {path.name for path in Path(__file__).parent.glob("*.events.jsonl")}
    assert recorded == {g.events.name for g in GOLDEN}, "record.py and the files on disk disagree"
    for pack in PACKS:
        assert sum(g.pack == pack for g in GOLDEN) >= 2


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda g: g.name)
def test_the_log_scores_its_pinned_scorecard(golden: Golden, packs: dict[str, LoadedPack]) -> None:
    loaded = packs[golden.pack]
    lines = golden.events.read_text(encoding="utf-8").splitlines()
    events = [from_json({k: v for k, v in json.loads(line).items() if k != "seq"}) for line in lines]
    assert isinstance(events[0], SessionStarted) and events[0].pack == loaded.pack.id
    card = score(loaded.pack, replay(events)).to_json()
    pinned = json.loads(golden.scorecard.read_text(encoding="utf-8"))
    hint = (f"{golden.name} no longer scores as pinned; if the change is deliberate, re-record with "
            f"`{RERECORD.format(name=golden.name)}` and review the diff of {golden.scorecard.name}")
    if events[0].pack_hash != loaded.content_hash:
        hint += f" (pack {loaded.pack.id} changed since this log was recorded)"
    assert card == pinned, hint
    # The pinned file is exactly what the recorder writes: no hand edits drift in.
    assert golden.scorecard.read_text(encoding="utf-8") == scorecard_text(pinned)


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda g: g.name)
def test_the_log_is_a_valid_export_that_the_service_scores_alike(golden: Golden, packs: dict[str, LoadedPack]) -> None:
    # A bare `run --events` log imports as a session (seq 1, 2, 3 ... without gaps; `import` replays it
    # through the engine and agrees with every line), and the service that reopens it (as `report` does)
    # reads the same scorecard.
    from cyberdrill.service import DrillService

    log = MemoryLog()
    with golden.events.open(encoding="utf-8") as lines:
        info = import_file(log, lines, str(golden.events), [PACKS[golden.pack]]).info
    drill = DrillService(log, packs[golden.pack]).open(info.id)
    assert drill.scorecard().to_json() == json.loads(golden.scorecard.read_text(encoding="utf-8"))


def test_the_instructor_sessions_hold_marks_overrides_skips_and_ad_hoc_messages() -> None:
    for golden in (g for g in GOLDEN if g.name.endswith("-instructor")):
        kinds = [json.loads(line) for line in golden.events.read_text(encoding="utf-8").splitlines()]
        types = {k["type"] for k in kinds}
        assert {MarkGiven.TYPE, RatingOverridden.TYPE} <= types, golden.name
        assert any(k["type"] == "inject_delivered" and k["cause"] == "adhoc" for k in kinds), golden.name
    flagship = next(g for g in GOLDEN if g.name == "flagship-instructor")
    lines = [json.loads(line) for line in flagship.events.read_text(encoding="utf-8").splitlines()]
    assert any(k["type"] == "inject_cancelled" and k["reason"] == "the instructor cut this thread" for k in lines)
    assert any(k["type"] == "inject_scheduled" and k["cause"] == "instructor" for k in lines)
