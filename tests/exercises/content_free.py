"""Content-free variants of a pack's solution: every free-text value replaced by filler.

A variant keeps what the form itself checks (choices, TLP labels, recipients, channels, accounts and
other typed fields, lists) and replaces each `text` and `longtext` value by filler of one kind; the
evaluator's marks are left out (nobody would mark filler). Used by test_content_free.py.
"""

from __future__ import annotations

from collections.abc import Callable

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import ScriptEntry, format_clock

FREE_TEXT = ("text", "longtext")
LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt."

# kind -> filler for a field, given its label
FILLERS: dict[str, Callable[[str], str]] = {
    "x": lambda label: "x",
    "label": lambda label: label,
    "n/a": lambda label: "n/a",
    "lorem": lambda label: LOREM,
    "repeated": lambda label: "as discussed " * 6,
}


def content_free(loaded: LoadedPack, kind: str) -> list[ScriptEntry]:
    """The pack's solution with every free-text value replaced by filler of `kind` and no marks."""
    filler = FILLERS[kind]
    out: list[ScriptEntry] = []
    for entry in loaded.scripts["solution"]:
        if entry.mark is not None:
            continue
        data = entry.model_dump(by_alias=True, exclude_none=True)
        data["at"] = format_clock(entry.at)
        fields = loaded.pack.actions[entry.action].fields if entry.action else {}
        data["fields"] = {
            name: filler(fields[name].label or name) if name in fields and fields[name].type in FREE_TEXT
            and isinstance(value, str) and value.strip() else value
            for name, value in data.get("fields", {}).items()
        }
        out.append(ScriptEntry.model_validate(data))
    return out
