"""Every bundled pack's solution and scripts, played through the consoles in hot-seat, score exactly what
`cyberdrill run` scores for the same seed (issue 10, "Done when").

Packs are discovered under exercises/, so a pack added later is played too. Each action goes through the
team console by keyboard (tests/tui/console_player.py): the form opened from the keyboard, each recipient,
channel, TLP and option chosen through its widget, each text typed (long texts pasted), ctrl+s; the clock
moves to each entry's time with the instructor console's jump key; marks are given with its mark key.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from console_player import ConsolePlayer
from tui_helpers import FixedClock, settle, start_session

from cyberdrill.engine.scorecard import Scorecard
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.paths import bundled_packs
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions

SEED = 7  # the new-session dialog's default seed


def _cases() -> list[tuple[Path, str]]:
    cases = []
    for pack in bundled_packs():
        loaded = load_pack(pack)
        cases += [(pack, name) for name in loaded.scripts]
    return cases


def headless(loaded: LoadedPack, script: str) -> Scorecard:
    """What `cyberdrill run PACK --solution` (or `--script FILE`) scores for the seed."""
    drill = DrillService(MemoryLog(), loaded).start(seed=SEED)
    assert not play_script(drill, loaded.scripts[script])
    return drill.scorecard()


def per_step(card: Scorecard) -> dict[str, dict[str, tuple[str, float]]]:
    return {t.team: {s.step: (s.status, s.points) for s in t.steps} for t in card.teams}


def comparable(card: Scorecard) -> dict[str, Any]:
    """The whole scorecard but the session id and who marked (the console's marks are the instructor's,
    a script's the evaluator's)."""
    data = asdict(card)
    for team in data["teams"]:
        for step in team["steps"]:
            if step["mark"]:
                step["mark"].pop("evaluator")
    data.pop("session", None)
    return data


def test_every_bundled_pack_has_a_script_to_play() -> None:
    names = {(pack.name, script) for pack, script in _cases()}
    assert ("ru-th-remittance-fraud", "solution") in names
    assert ("ru-th-remittance-fraud", "scripts/typical-mistakes") in names


@pytest.mark.parametrize(("pack", "script"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
async def test_script_played_through_the_consoles_scores_what_run_scores(pack: Path, script: str, tmp_path) -> None:
    loaded = load_pack(pack)
    expected = headless(loaded, script)
    app = CyberdrillApp(PlayOptions(pack=pack, log=MemoryLog(), seed=SEED, clock=FixedClock(), bundled=False,
                                    reports_dir=tmp_path / "reports"))
    async with app.run_test(size=(80, 24)) as pilot:  # the smallest console the consoles support
        await start_session(pilot)  # n, the dialog's defaults: seed 7, every team, hot-seat
        player = ConsolePlayer(pilot, quote=script != "solution")  # the scripts quote what they can (ctrl+o)
        await player.start_clock()
        entries = loaded.scripts[script]
        await player.play(entries)
        await player.end(max([loaded.pack.duration, app.now] + [e.at for e in entries]))
        await settle(pilot)
        assert app.live.view.clock.ended
        got = app.live.scorecard()
    assert {t.team: t.score for t in got.teams} == {t.team: t.score for t in expected.teams}
    assert per_step(got) == per_step(expected)
    got_all, expected_all = comparable(got), comparable(expected)
    assert {k: v for k, v in got_all.items() if k != "teams"} == {k: v for k, v in expected_all.items() if k != "teams"}
    for got_team, expected_team in zip(got_all["teams"], expected_all["teams"], strict=True):
        for got_step, expected_step in zip(got_team["steps"], expected_team["steps"], strict=True):
            assert got_step == expected_step
        assert got_team == expected_team
    assert len(player.per_action) == sum(1 for e in entries if e.mark is None)
    assert player.quoted or not player.quote
