"""A pack as the rest of cyberdrill receives it: the validated model plus the texts read from its folder.

The engine is pure (no I/O), so everything it needs from the folder is read here, once, by the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdrill.pack.model import Pack, ScriptEntry

if TYPE_CHECKING:
    from cyberdrill.pack.yamlnodes import Document


QUOTE_LIMIT = 200  # characters of a value quoted in a message
MESSAGE_LIMIT = 2_000  # characters of a whole message: a pack's value must not make a line megabytes long


def clipped(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text`, cut to `limit` characters with "…" when longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`repr(value)`, cut to `limit` characters with "…" when longer."""
    return clipped(repr(value), limit)


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a pack, printed as `FILE:LINE:COL: SEVERITY: MESSAGE` (line and column from 1)."""

    file: str
    line: int
    col: int
    message: str
    severity: str = "error"  # or "warning"

    def __post_init__(self) -> None:
        if len(self.message) > MESSAGE_LIMIT:
            object.__setattr__(self, "message", self.message[:MESSAGE_LIMIT] + "…")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"


class PackError(Exception):
    """The pack could not be loaded; `diagnostics` says every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class LoadedPack:
    pack: Pack
    root: Path
    attachment_sources: dict[str, str]  # attachment name -> its Jinja2 template text
    scripts: dict[str, list[ScriptEntry]]  # "solution", "scripts/typical-mistakes" ... -> entries
    content_hash: str  # sha256 over every file of the pack, in a stable order
    templates_dir: Path | None = None  # the pack's own report templates, if it has a templates/ folder
    warnings: list[Diagnostic] = field(default_factory=list)
    # Where each value of the merged sections is written (file, line, column), for checks after loading.
    positions: Document | None = field(default=None, repr=False, compare=False)
