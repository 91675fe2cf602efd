"""Broken packs are made by copying the starter scaffold and editing its text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pack_copies import SCAFFOLD, PackDir


@pytest.fixture
def pack(tmp_path: Path) -> PackDir:
    root = tmp_path / "pack"
    shutil.copytree(SCAFFOLD, root)
    return PackDir(root)
