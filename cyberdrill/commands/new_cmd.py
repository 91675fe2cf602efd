"""`cyberdrill new DIR`: a small, valid, commented pack to start from (a copy of cyberdrill/pack/scaffold)."""

from __future__ import annotations

import argparse
import shutil
import sys
from importlib import resources
from pathlib import Path


def scaffold_dir() -> Path:
    """The folder of the starter pack, inside the installed package."""
    return Path(str(resources.files("cyberdrill.pack") / "scaffold"))


def create_pack(target: Path) -> None:
    """Copy the starter pack to `target`, which must not exist or be an empty folder."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not an empty folder; choose a new one")
    shutil.copytree(scaffold_dir(), target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".*"))


def run(args: argparse.Namespace) -> int:
    """Create the pack folder; 1 with a message when the folder is in the way."""
    target = Path(args.dir)
    try:
        create_pack(target)
    except OSError as exc:
        print(f"cyberdrill new: {exc}", file=sys.stderr)
        return 1
    print(f"Created {target}: a two-team starter pack. Next:")
    print(f"  cyberdrill validate {target}")
    print(f"  cyberdrill run {target} --solution")
    print("Its files are commented; docs/pack-format.md describes every key.")
    return 0
