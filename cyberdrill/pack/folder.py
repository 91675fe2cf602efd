"""The files of a pack folder: which ones hold sections, how they are named in messages, the content
hash, and reading attachments without ever leaving the folder."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath, PureWindowsPath

PACK_FILE = "pack.yaml"
SOLUTION_FILE = "solution.yaml"
SCRIPTS_DIR = "scripts"
TEMPLATES_DIR = "templates"


def display(path: Path) -> str:
    """How a file is named in messages: relative to the current folder when under it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def section_files(root: Path) -> list[Path]:
    """The YAML files holding sections: pack.yaml first, then the others of the root in name order."""
    others = sorted(p for p in root.glob("*.yaml") if p.name not in (PACK_FILE, SOLUTION_FILE) and p.is_file())
    return [root / PACK_FILE, *others]


def script_files(root: Path) -> list[tuple[str, Path]]:
    """(script name, file): "solution" for solution.yaml, "scripts/NAME" for scripts/NAME.yaml."""
    found = [("solution", root / SOLUTION_FILE)] if (root / SOLUTION_FILE).is_file() else []
    folder = root / SCRIPTS_DIR
    if folder.is_dir():
        found += [(f"{SCRIPTS_DIR}/{p.stem}", p) for p in sorted(folder.glob("*.yaml")) if p.is_file()]
    return found


def read_text(path: Path) -> str:
    """A file's text; raises ValueError when it is not UTF-8 text (a NUL byte says binary)."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise ValueError("is not a text file (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"is not UTF-8 text (byte {exc.start})") from None


def _hidden(relative: PurePosixPath) -> bool:
    # Editor backups and VCS folders (.git, .DS_Store, __pycache__) must not change a pack's identity.
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


def content_hash(root: Path) -> str:
    """sha256 over every file of the pack: relative names and contents, in name order."""
    digest = hashlib.sha256()
    files = sorted(
        (PurePosixPath(p.relative_to(root).as_posix()), p) for p in root.rglob("*") if p.is_file()
    )
    for relative, path in files:
        if _hidden(relative):
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def attachment_problem(root: Path, file: str) -> str | None:
    """Why the attachment file `file` (relative to the pack root) cannot be used, or None."""
    if not file.strip():
        return "an attachment names a file relative to the pack folder"
    if PurePosixPath(file).is_absolute() or PureWindowsPath(file).is_absolute() or PureWindowsPath(file).drive:
        return f"attachment file {file!r} is an absolute path; name it relative to the pack folder"
    if ".." in PureWindowsPath(file).parts:  # PureWindowsPath splits on both / and \
        return f"attachment file {file!r} leaves the pack folder ('..' is not allowed)"
    path = root / file
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return f"attachment file {file!r} cannot be resolved"
    if not inside:
        return f"attachment file {file!r} leaves the pack folder (through a symbolic link)"
    if not path.is_file():
        return f"attachment file {file!r} does not exist"
    return None
