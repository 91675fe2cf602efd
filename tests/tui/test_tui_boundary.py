"""The consoles go through the service layer (DESIGN.md): nothing under cyberdrill/tui imports
cyberdrill.store, not even for a type, except its exception types (cyberdrill.store.errors)."""

from __future__ import annotations

import ast
from pathlib import Path

import cyberdrill.tui

ALLOWED = {"cyberdrill.store.errors"}


def store_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "cyberdrill" and any(alias.name == "store" for alias in node.names):
                names = ["cyberdrill.store"]
            elif node.module.startswith("cyberdrill.store"):
                names = [node.module]
            else:
                names = []
        else:
            continue
        found += [f"{path.name}:{node.lineno} {name}" for name in names
                  if (name == "cyberdrill.store" or name.startswith("cyberdrill.store.")) and name not in ALLOWED]
    return found


def test_nothing_under_tui_imports_the_store_but_its_errors() -> None:
    root = Path(cyberdrill.tui.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert len(files) > 20  # the scan sees the consoles
    offending = [hit for path in files for hit in store_imports(path)]
    assert offending == []


def test_the_scan_would_see_a_store_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cyberdrill.store.base import X\n"
                      "from cyberdrill.store.errors import StoreUnavailable\nimport cyberdrill.store\n"
                      "from cyberdrill import store\n", encoding="utf-8")
    assert sorted(hit.split()[1] for hit in store_imports(sample)) == [
        "cyberdrill.store", "cyberdrill.store", "cyberdrill.store.base"]
