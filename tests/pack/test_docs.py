"""docs/pack-format.md shows the scaffold verbatim, so the documented example is the one that validates."""

from __future__ import annotations

from pathlib import Path

from pack_copies import SCAFFOLD

DOC = Path(__file__).resolve().parents[2] / "docs" / "pack-format.md"


def test_every_scaffold_file_is_in_the_format_doc() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for path in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file()):
        name = path.relative_to(SCAFFOLD).as_posix()
        assert f"### `{name}`" in doc, f"docs/pack-format.md does not show {name}"
        assert path.read_text(encoding="utf-8") in doc, f"docs/pack-format.md shows an old {name}"
