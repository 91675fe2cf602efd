"""The files of a pack folder: which ones hold sections, how they are named in messages, the content
hash, and reading them without ever leaving the folder.

Containment: every file the loader reads (section files, solution.yaml, scripts/*, attachments, the report
templates under templates/) must resolve inside the pack folder. A symbolic link that points elsewhere is
refused, so a pack cannot make `cyberdrill report` or a console show a file of the machine it runs on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath

PACK_FILE = "pack.yaml"
SOLUTION_FILE = "solution.yaml"
SCRIPTS_DIR = "scripts"
TEMPLATES_DIR = "templates"
# The most a pack file (a YAML file, a script, an attachment) may hold: an attachment renders to at most
# 1,000,000 characters anyway (pack/sandbox.py), and a bigger file would only cost every load its reading.
MAX_FILE_BYTES = 1_000_000


def display(path: Path) -> str:
    """How a file is named in messages: relative to the current folder when under it, else as given."""
    try:
        # The folder resolved, not the file: a symbolic link is named as written, never as its target.
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def outside_problem(root: Path, path: Path) -> str | None:
    """Why the pack may not read `path`: it resolves outside the pack folder `root`; None when inside."""
    name = PurePosixPath(os.path.relpath(path, root)).as_posix()
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        return f"{name} cannot be resolved (a loop of symbolic links?)"
    if not inside:
        return f"{name} leaves the pack folder (through a symbolic link); a pack reads only its own files"
    return None


def template_files(root: Path) -> list[Path]:
    """Every entry under the pack's templates/ folder that a template loader could open, in name order.

    A linked folder that stays inside the pack is entered (once); one that leaves it is listed, not
    entered, so that the caller refuses it.
    """
    folder = root / TEMPLATES_DIR
    if not folder.exists() and not folder.is_symlink():
        return []
    found: list[Path] = []
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        here = stack.pop()
        if here.is_symlink() and outside_problem(root, here) is not None:
            found.append(here)
            continue
        if not here.is_dir():
            found.append(here)
            continue
        real = here.resolve()
        if real in seen:
            continue
        seen.add(real)
        stack += sorted(here.iterdir())
    return sorted(found)


def section_files(root: Path) -> list[Path]:
    """The YAML files holding sections: pack.yaml first, then the others of the root in name order."""
    # Links are listed whatever they point to, so that one leaving the folder (or a loop) is reported.
    others = sorted(p for p in root.glob("*.yaml")
                    if p.name not in (PACK_FILE, SOLUTION_FILE) and (p.is_file() or p.is_symlink()))
    return [root / PACK_FILE, *others]


def script_files(root: Path) -> list[tuple[str, Path]]:
    """(script name, file): "solution" for solution.yaml, "scripts/NAME" for scripts/NAME.yaml."""
    solution = root / SOLUTION_FILE
    found = [("solution", solution)] if solution.is_file() or solution.is_symlink() else []
    folder = root / SCRIPTS_DIR
    if folder.is_dir():
        found += [(f"{SCRIPTS_DIR}/{p.stem}", p) for p in sorted(folder.glob("*.yaml"))
                  if p.is_file() or p.is_symlink()]
    return found


def read_text(path: Path, limit: int | None = None) -> str:
    """A file's text; raises ValueError when it is not UTF-8 text (a NUL byte says binary) or, with
    `limit`, when it holds more than `limit` bytes (checked before reading)."""
    if limit is not None:
        size = path.stat().st_size
        if size > limit:
            raise ValueError(f"is {_size(size)}; a pack file may hold at most {_size(limit)}")
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


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size:,} bytes"


_CHUNK = 1 << 20


def content_hash(root: Path, files: Iterable[Path]) -> str:
    """sha256 over the pack's own files (those the loader reads): relative names and contents, in name order.

    Files are read in chunks, so the hash costs no more memory than a chunk whatever their size; other
    files in the folder (notes, an archive, editor litter) do not change a pack's identity.
    """
    digest = hashlib.sha256()
    ordered = sorted({PurePosixPath(p.relative_to(root).as_posix()): p for p in files}.items())
    for relative, path in ordered:
        if _hidden(relative):
            continue
        try:
            with path.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                digest.update(f"{relative}\0{size}\0".encode())
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except OSError:
            continue
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
