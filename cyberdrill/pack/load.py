"""Loading a pack folder: read every file, merge the sections, validate, check, and report every problem.

`load_pack(path)` returns a LoadedPack or raises PackError with all diagnostics found. `read_pack(path)`
does the same work without raising, for `cyberdrill validate` and for tools that want the warnings of a
valid pack and the errors of a broken one alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from cyberdrill.pack.check_procedure import check_procedure
from cyberdrill.pack.check_reach import check_reach
from cyberdrill.pack.check_refs import check_references
from cyberdrill.pack.check_translations import read_translations
from cyberdrill.pack.checks import PackCheck, Script
from cyberdrill.pack.folder import (
    MAX_FILE_BYTES,
    PACK_FILE,
    TEMPLATES_DIR,
    attachment_problem,
    content_hash,
    display,
    outside_problem,
    read_text,
    script_files,
    section_files,
    template_files,
)
from cyberdrill.pack.loaded import Diagnostic, LoadedPack, PackError
from cyberdrill.pack.model import Attachment, Pack, ScriptEntry
from cyberdrill.pack.schema_errors import schema_diagnostics
from cyberdrill.pack.translations import Translation
from cyberdrill.pack.yamlnodes import Document, Pos, parse_yaml

_SCRIPT = TypeAdapter(list[ScriptEntry])


def load_pack(path: str | Path) -> LoadedPack:
    """Load and check the pack folder at `path`; raise PackError listing every problem when any is an error."""
    loaded, diagnostics = read_pack(path)
    if loaded is None or any(d.severity == "error" for d in diagnostics):
        raise PackError(diagnostics)
    return loaded


def read_pack(path: str | Path) -> tuple[LoadedPack | None, list[Diagnostic]]:
    """Load and check a pack folder: the pack (None when it has errors) and every diagnostic, sorted."""
    root = Path(path)
    diagnostics: list[Diagnostic] = []
    problem = _folder_problem(root)
    if problem is not None:
        return None, [Diagnostic(display(root), 1, 1, problem)]
    loaded = _Loader(root, diagnostics).load()
    ordered = sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.col, d.severity, d.message))
    if loaded is not None and not any(d.severity == "error" for d in ordered):
        warnings = [d for d in ordered if d.severity != "error"]
        return LoadedPack(loaded.pack, loaded.root, loaded.attachment_sources, loaded.scripts,
                          loaded.content_hash, loaded.templates_dir, warnings, loaded.positions), ordered
    return None, ordered


def _folder_problem(root: Path) -> str | None:
    if not root.exists():
        return f"no such pack folder: {display(root)}"
    if not root.is_dir():
        return f"{display(root)} is not a folder (a pack is a folder holding {PACK_FILE})"
    if not (root / PACK_FILE).is_file():
        return f"no {PACK_FILE} in {display(root)} (`cyberdrill new DIR` creates a pack to start from)"
    return None


class _Loader:
    """One load of one pack folder, gathering diagnostics as it goes."""

    def __init__(self, root: Path, diagnostics: list[Diagnostic]) -> None:
        self.root = root
        self.diagnostics = diagnostics
        self.doc = Document(file=display(root / PACK_FILE))
        self.doc.values[()] = Pos(self.doc.file, 1, 1)
        self.unreadable = False  # a section file could not be read at all: its sections are missing, not wrong
        self.files: list[Path] = []  # every file read: the pack's own files, which its content hash covers
        self.translations: dict[str, Translation] = {}  # translations/<lang>.yaml by language, once read

    def error(self, pos: Pos, message: str, severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(pos.file, pos.line, pos.col, message, severity))

    def load(self) -> LoadedPack | None:
        merged = self.merge_sections()
        try:
            pack = Pack.model_validate(merged)
            valid = True
        except ValidationError as exc:
            self.diagnostics.extend(
                d for d in schema_diagnostics(exc, merged, self.doc, Pack)
                if not (self.unreadable and d.message.startswith("missing required key"))
            )
            pack, valid = partial_pack(merged), False
        check = PackCheck(pack=pack, data=merged, doc=self.doc, scripts=self.read_scripts())
        if not (self.root / "solution.yaml").is_file():
            self.error(Pos(self.doc.file, 1, 1), "no solution.yaml: the pack has no reference playthrough to prove "
                       "that full marks can be scored", "warning")
        self.read_attachments(check)
        self.check_templates()
        if not self.unreadable:  # with a file unread, its ids are unknown: every reference to them would be noise
            for run in (check_references, check_procedure, check_reach, _check_text, self.read_translations):
                self.guarded(run, check)
        self.diagnostics.extend(check.diagnostics)
        if not valid:
            return None
        pack._positions = self.doc
        pack._translations = self.translations
        scripts = {s.name: [e for e in s.entries if e is not None] for s in check.scripts}
        templates = self.root / TEMPLATES_DIR
        return LoadedPack(pack=pack, root=self.root, attachment_sources=check.attachment_sources, scripts=scripts,
                          content_hash=content_hash(self.root, self.files),
                          templates_dir=templates if templates.is_dir() else None, positions=self.doc)

    def read_translations(self, check: PackCheck) -> None:
        """The files of translations/, checked against the pack (pack/check_translations.py)."""
        self.translations = read_translations(self.root, check, self.parse)

    def guarded(self, run: Callable[[PackCheck], None], check: PackCheck) -> None:
        """Run one family of checks; a bug in one must not hide what the others find."""
        try:
            run(check)
        except Exception as exc:  # reported as a diagnostic: `validate` never shows a traceback
            self.error(Pos(display(self.root), 1, 1), f"internal error in {run.__name__}: {type(exc).__name__}: {exc}")

    def parse(self, path: Path) -> Document | None:
        name = display(path)
        outside = outside_problem(self.root, path)
        if outside is not None:
            self.error(Pos(name, 1, 1), outside)
            return None
        try:
            text = read_text(path, MAX_FILE_BYTES)
        except (OSError, ValueError) as exc:
            self.error(Pos(name, 1, 1), f"cannot read {path.name}: {exc}")
            return None
        self.files.append(path)
        doc = parse_yaml(text, name)
        for pos, message in doc.problems:
            self.error(pos, message)
        return doc

    def merge_sections(self) -> dict[str, Any]:
        """The sections of every pack file in one mapping; a section given twice is an error at the second."""
        merged: dict[str, Any] = {}
        origin: dict[str, str] = {}
        for path in section_files(self.root):
            doc = self.parse(path)
            if doc is None or (doc.value is None and doc.problems):
                self.unreadable = True
                continue
            if doc.value is None:
                continue
            if not isinstance(doc.value, dict):
                self.unreadable = True
                self.error(doc.at(()), f"{path.name} must hold a mapping of sections (key: value lines), not a "
                           f"{'list' if isinstance(doc.value, list) else 'single value'}")
                continue
            taken: set[Any] = set()
            for key, value in doc.value.items():
                if key in merged:
                    self.error(doc.key_at((key,)), f"section {key!r} is already given in {origin[key]}")
                    continue
                merged[key] = value
                pos = doc.key_at((key,))
                origin[key] = f"{pos.file}:{pos.line}"
                taken.add(key)
            self.doc.absorb(doc, taken)
        return merged

    def read_scripts(self) -> list[Script]:
        """solution.yaml and scripts/*.yaml, each entry validated (None where one is invalid)."""
        scripts: list[Script] = []
        for name, path in script_files(self.root):
            doc = self.parse(path)
            if doc is None or doc.value is None:
                if doc is not None and not doc.problems:
                    self.error(Pos(doc.file, 1, 1), f"{path.name} is empty: a script is a list of entries")
                continue
            if not isinstance(doc.value, list):
                self.error(doc.at(()), f"{path.name} must be a list of entries ('- at: ...'), not a mapping")
                continue
            try:
                entries: list[ScriptEntry | None] = list(_SCRIPT.validate_python(doc.value))
            except ValidationError as exc:
                self.diagnostics.extend(schema_diagnostics(exc, doc.value, doc, list[ScriptEntry]))
                entries = [_valid(ScriptEntry.model_validate, item) for item in doc.value]
            scripts.append(Script(name=name, entries=entries, data=doc.value, doc=doc))
        return scripts

    def read_attachments(self, check: PackCheck) -> None:
        """Every declared attachment exists, is text and stays inside the folder; keep its text."""
        for name, attachment in (getattr(check.pack, "attachments", None) or {}).items():
            if not isinstance(attachment, Attachment):
                continue
            where = self.doc.at(("attachments", name, "file"))
            problem = attachment_problem(self.root, attachment.file)
            if problem is None:
                try:
                    check.attachment_sources[name] = read_text(self.root / attachment.file, MAX_FILE_BYTES)
                    check.attachment_docs[name] = display(self.root / attachment.file)
                    self.files.append(self.root / attachment.file)
                except (OSError, ValueError) as exc:
                    problem = f"attachment file {attachment.file!r} {exc}"
            if problem is not None:
                self.error(where, problem)

    def check_templates(self) -> None:
        """The report templates under templates/ stay inside the folder: `report` reads them."""
        for path in template_files(self.root):
            problem = outside_problem(self.root, path)
            if problem is not None:
                self.error(Pos(display(path), 1, 1), problem)
            elif path.is_file():
                self.files.append(path)


def _check_text(check: PackCheck) -> None:
    from cyberdrill.pack.check_text import TextCheck  # imports Jinja2 (through pack.text): only when checking

    TextCheck(check).run()


def _valid(validate: Callable[[Any], Any], value: Any) -> Any:
    try:
        return validate(value)
    except ValidationError:
        return None


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(name: str, annotation: Any) -> TypeAdapter[Any]:
    if name not in _ADAPTERS:
        _ADAPTERS[name] = TypeAdapter(annotation)
    return _ADAPTERS[name]


def partial_pack(merged: dict[str, Any]) -> Pack:
    """A Pack of whatever validates, item by item, so the semantic checks can still look at the rest.

    Invalid items of list sections become None (indices keep matching the file); invalid entries of
    mapping sections and invalid metadata are left out.
    """
    values: dict[str, Any] = {}
    for name, info in Pack.model_fields.items():
        key = info.alias or name
        if key not in merged:
            continue
        raw, annotation = merged[key], info.annotation
        origin = get_origin(annotation)
        if origin is list and isinstance(raw, list):
            item = _adapter(f"{name}[]", get_args(annotation)[0])
            values[name] = [_valid(item.validate_python, x) for x in raw]
        elif origin is dict and isinstance(raw, dict):
            item = _adapter(f"{name}{{}}", get_args(annotation)[1])
            checked = {k: _valid(item.validate_python, v) for k, v in raw.items()}
            values[name] = {k: v for k, v in checked.items() if v is not None}
        else:
            checked_value = _valid(_adapter(name, annotation).validate_python, raw)
            if checked_value is not None:
                values[name] = checked_value
    return Pack.model_construct(**values)
