"""Where cyberdrill finds its bundled packs and templates, and where it keeps its data."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _data_package(name: str) -> Path:
    # Installed (wheel or editable): the data package mapped in pyproject.toml. Run from a source
    # checkout without installing: the folder at the repository root.
    try:
        found = Path(str(resources.files(f"cyberdrill.{name}")))
        if found.is_dir():
            return found
    except ModuleNotFoundError:
        pass
    return _SOURCE_ROOT / name


def exercises_dir() -> Path:
    """The folder of bundled packs."""
    return _data_package("exercises")


def templates_dir() -> Path:
    """The folder of bundled report templates."""
    return _data_package("templates")


FLAGSHIP_PACK = "ru-th-remittance-fraud"


def bundled_packs() -> list[Path]:
    """Bundled pack folders, the flagship first."""
    root = exercises_dir()
    packs = sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file())
    return sorted(packs, key=lambda p: p.name != FLAGSHIP_PACK)


def resolve_pack(name_or_path: str | None) -> Path:
    """A pack folder from a path, or from the name of a bundled pack; None means the flagship."""
    if name_or_path is None:
        return exercises_dir() / FLAGSHIP_PACK
    path = Path(name_or_path)
    if path.exists() or os.sep in name_or_path or name_or_path.startswith("."):
        return path
    bundled = exercises_dir() / name_or_path
    return bundled if bundled.exists() else path


def data_dir() -> Path:
    """The user's data folder for cyberdrill (created on demand)."""
    from platformdirs import user_data_dir

    path = Path(user_data_dir("cyberdrill", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """$CYBERDRILL_DB, else a SQLite file in the user's data folder."""
    return os.environ.get("CYBERDRILL_DB") or f"sqlite:///{data_dir() / 'cyberdrill.db'}"
