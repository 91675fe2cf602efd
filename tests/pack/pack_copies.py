"""Scratch copies of the starter scaffold, to break and validate (shared by the tests of tests/pack)."""

from __future__ import annotations

from pathlib import Path

from cyberdrill.pack.load import read_pack

SCAFFOLD = Path(__file__).resolve().parents[2] / "cyberdrill" / "pack" / "scaffold"


class PackDir:
    """A scratch copy of the scaffold with helpers to break it and to read what validate says."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        """Replace `old` (which must occur) by `new` in file `name`."""
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def append(self, name: str, text: str) -> None:
        path = self.root / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def where(self, name: str, needle: str, at: str | None = None, nth: int = 1) -> str:
        """'name:LINE:COL' of the `nth` line holding `needle`; the column is that of `at` (default: needle)."""
        seen = 0
        for number, line in enumerate((self.root / name).read_text(encoding="utf-8").splitlines(), start=1):
            if needle in line:
                seen += 1
                if seen == nth:
                    return f"{name}:{number}:{line.index(at or needle) + 1}"
        raise AssertionError(f"{needle!r} not in {name}")

    def problems(self, severity: str = "error") -> list[str]:
        """'FILE:LINE:COL: MESSAGE' for each diagnostic of `severity`, FILE relative to the pack."""
        _, diagnostics = read_pack(self.root)
        prefix = str(self.root) + "/"
        return [
            f"{d.file.removeprefix(prefix)}:{d.line}:{d.col}: {d.message}"
            for d in diagnostics
            if d.severity == severity
        ]
