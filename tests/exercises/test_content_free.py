"""Content-free answers earn little: every bundled pack's solution, with each free-text value replaced by
filler of several kinds, scores at most 50 % per team and no objective is rated P; the solution itself still
scores 100 % on seeds 1-20 and the typical mistakes land in S/M (issue 13, "Done when")."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_free import FILLERS, content_free

from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.paths import exercises_dir
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog

PACKS = sorted(p.parent for p in exercises_dir().glob("*/pack.yaml"))
_LOADED: dict[Path, LoadedPack] = {}


def _pack(folder: Path) -> LoadedPack:
    if folder not in _LOADED:
        _LOADED[folder] = load_pack(folder)
    return _LOADED[folder]


def _card(loaded: LoadedPack, entries, seed: int = 1):  # type: ignore[no-untyped-def]
    drill = DrillService(MemoryLog(), loaded).start(seed=seed)
    refusals = play_script(drill, entries)
    assert not refusals, [str(r) for r in refusals]
    return drill.scorecard()


@pytest.mark.parametrize("kind", sorted(FILLERS))
@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
def test_content_free_answers_score_at_most_half_and_no_objective_is_rated_p(folder: Path, kind: str) -> None:
    loaded = _pack(folder)
    card = _card(loaded, content_free(loaded, kind))
    for team in card.teams:
        assert team.percent <= 50, (team.team, kind, team.percent)
        rated_p = [o.objective for o in team.objectives if o.rating == "P"]
        assert not rated_p, (team.team, kind, rated_p)


@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
def test_the_solution_scores_full_marks_on_seeds_1_to_20(folder: Path) -> None:
    loaded = _pack(folder)
    for seed in range(1, 21):
        card = _card(loaded, loaded.scripts["solution"], seed)
        assert all(t.percent == 100 for t in card.teams), (seed, [(t.team, t.percent) for t in card.teams])


@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
def test_the_typical_mistakes_land_in_s_or_m(folder: Path) -> None:
    loaded = _pack(folder)
    if "scripts/typical-mistakes" not in loaded.scripts:
        pytest.fail(f"{folder.name} has no scripts/typical-mistakes.yaml")
    card = _card(loaded, loaded.scripts["scripts/typical-mistakes"])
    for team in card.teams:
        assert 50 <= team.percent < 90, (team.team, team.percent)
        assert {o.rating for o in team.objectives} & {"S", "M"}, team.team
