"""What every semantic check of a pack shares: the pack, the data it was read from, where each value was
written, and the list of diagnostics being gathered.

The pack may be partial: when some items fail schema validation the loader still checks the others, so an
author sees every problem in one run. Checks therefore take items with `items()`, which skips the ones that
did not validate, and look up declared ids with `declared()`, which reads the raw data so that an invalid
step does not also make every reference to it "unknown".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from cyberdrill.pack.loaded import Diagnostic
from cyberdrill.pack.model import ActionField, Pack, ScriptEntry
from cyberdrill.pack.yamlnodes import Document, ValuePath

T = TypeVar("T")

# Sections whose items carry an `id`, and the word used for one item in messages.
ID_SECTIONS: dict[str, str] = {
    "objectives": "objective",
    "teams": "team",
    "parties": "party",
    "channels": "channel",
    "injects": "inject",
    "consequences": "consequence",
    "steps": "step",
    "rules": "rule",
}
# Sections that are mappings from a name, and the word for one entry.
NAME_SECTIONS: dict[str, str] = {
    "actions": "action type", "facts": "fact", "attachments": "attachment", "world": "world value",
}
KIND_SECTION: dict[str, str] = {word: section for section, word in {**ID_SECTIONS, **NAME_SECTIONS}.items()}
# What a message's `to`, a rule's `party` and an inject's `from` may name: a party, or a team (a message
# to another team; a rule standing in for a team that does not play; that stand-in's reply).
PARTY_OR_TEAM = "party or team"


@dataclass
class Script:
    """A script file as the checks see it: its name, entries (None where an entry is invalid) and positions."""

    name: str
    entries: list[ScriptEntry | None]
    data: Any
    doc: Document


@dataclass
class PackCheck:
    """The state shared by the checks of one pack."""

    pack: Pack
    data: dict[str, Any]
    doc: Document
    scripts: list[Script] = field(default_factory=list)
    attachment_sources: dict[str, str] = field(default_factory=dict)
    attachment_docs: dict[str, str] = field(default_factory=dict)  # attachment name -> file shown in messages
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _declared: dict[str, dict[str, ValuePath]] = field(default_factory=dict)

    # ------------------------------------------------------------------------------------------ reporting

    def report(self, path: ValuePath, message: str, *, key: bool = False, severity: str = "error",
               doc: Document | None = None) -> None:
        """Add a diagnostic at the value at `path` (at its key when `key`)."""
        where = doc or self.doc
        pos = where.key_at(path) if key else where.at(path)
        self.diagnostics.append(Diagnostic(pos.file, pos.line, pos.col, message, severity))

    def warn(self, path: ValuePath, message: str, *, key: bool = False) -> None:
        """Add a warning: something suspicious that does not stop the pack from running."""
        self.report(path, message, key=key, severity="warning")

    # ------------------------------------------------------------------------------------------- lookups

    def items(self, section: str, cls: type[T]) -> Iterator[tuple[int, T]]:
        """(index, item) for each item of a list section that passed schema validation."""
        for i, item in enumerate(getattr(self.pack, section, None) or []):
            if isinstance(item, cls):
                yield i, item

    def declared(self, kind: str) -> dict[str, ValuePath]:
        """Ids (or names) of one kind declared in the raw data -> where the first one is declared."""
        if kind == PARTY_OR_TEAM:
            return {**self.declared("team"), **self.declared("party")}
        if kind not in self._declared:
            section = KIND_SECTION[kind]
            found: dict[str, ValuePath] = {}
            raw = self.data.get(section)
            if kind in ID_SECTIONS.values() and isinstance(raw, list):
                for i, item in enumerate(raw):
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        found.setdefault(item["id"], (section, i, "id"))
            elif isinstance(raw, dict):
                found = {str(name): (section, name) for name in raw}
            self._declared[kind] = found
        return self._declared[kind]

    def reference(self, path: ValuePath, kind: str, ident: str, *, doc: Document | None = None,
                  key: bool = False) -> bool:
        """Check that `ident` names a declared `kind`; report it at `path` if not. True when it does."""
        known = self.declared(kind)
        if ident in known:
            return True
        close = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        self.report(path, f"unknown {kind} {ident!r}{hint}", doc=doc, key=key)
        return False

    def action_fields(self, action: str) -> dict[str, ActionField] | None:
        """The fields of an action type, or None when the type is unknown or invalid."""
        actions = getattr(self.pack, "actions", None) or {}
        found = actions.get(action)
        return dict(found.fields) if found is not None and hasattr(found, "fields") else None
