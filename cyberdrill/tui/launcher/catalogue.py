"""The packs the launcher offers: the bundled ones and those in a folder the user names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdrill.i18n import _

if TYPE_CHECKING:  # the launcher paints before pydantic is imported; packs load in a worker
    from cyberdrill.pack.loaded import LoadedPack


@dataclass(frozen=True)
class PackEntry:
    """One pack folder and what loading it gave: the pack, or the first problems found."""

    path: Path
    source: str  # "bundled", "folder" or "given"
    loaded: LoadedPack | None = None
    problem: str | None = None

    @property
    def key(self) -> str:
        return str(self.path)

    @property
    def title(self) -> str:
        return self.loaded.pack.title if self.loaded else self.path.name

    @property
    def duration(self) -> str:
        """'6h' style: the planned duration in exercise time."""
        if not self.loaded:
            return "?"
        from cyberdrill.pack.model import format_clock

        return format_clock(self.loaded.pack.duration).removeprefix("T+")

    @property
    def teams(self) -> str:
        if not self.loaded:
            return ""
        return ", ".join(t.short or t.name for t in self.loaded.pack.teams)


def pack_folders(given: Path | None, packs_dir: Path | None, bundled: bool = True) -> list[tuple[Path, str]]:
    """The folders to offer, each once: the pack given on the command line, the bundled packs, then the
    packs (folders with a pack.yaml) directly inside `packs_dir`, or `packs_dir` itself when it is one."""
    from cyberdrill.paths import bundled_packs

    found: dict[Path, str] = {}
    if given is not None:
        found[given.resolve()] = "given"
    if bundled:
        try:
            for path in bundled_packs():
                found.setdefault(path.resolve(), "bundled")
        except OSError:
            pass
    if packs_dir is not None and (packs_dir / "pack.yaml").is_file():
        found.setdefault(packs_dir.resolve(), "folder")  # the folder named is itself a pack
    elif packs_dir is not None and packs_dir.is_dir():
        for path in sorted(packs_dir.iterdir()):
            if (path / "pack.yaml").is_file():
                found.setdefault(path.resolve(), "folder")
    return list(found.items())


def load_entry(path: Path, source: str) -> PackEntry:
    """Load one pack folder; a broken pack becomes an entry that says why rather than an exception."""
    from cyberdrill.pack.load import load_pack
    from cyberdrill.pack.loaded import PackError

    try:
        return PackEntry(path, source, loaded=load_pack(path))
    except PackError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else None
        return PackEntry(path, source, problem=str(first) if first else _("the pack does not load"))
    except OSError as exc:
        return PackEntry(path, source, problem=str(exc))
