"""Sessions of the mini test pack in a real database, for the command tests."""

from __future__ import annotations

from pathlib import Path

from store_builders import REPO

from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.script import load_script, play_script
from cyberdrill.service import Drill, DrillService
from cyberdrill.store import open_log

MINI = REPO / "tests" / "fixtures" / "packs" / "mini"


def mini() -> LoadedPack:
    """The engine's mini test pack."""
    return load_pack(MINI)


def started(url: str, seed: int = 1) -> Drill:
    """A fresh session of the mini pack stored at `url`."""
    return DrillService(open_log(url), mini()).start(seed=seed)


def solved(url: str, seed: int = 1) -> Drill:
    """A session of the mini pack played to the end with its reference solution."""
    drill = started(url, seed)
    refused = play_script(drill, load_script(MINI / "solution.yaml"))
    assert not refused, refused
    return drill


def solution_path() -> Path:
    """The mini pack's reference solution."""
    return MINI / "solution.yaml"
