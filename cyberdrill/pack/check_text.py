"""Jinja2 text in a pack parses, and every name it uses exists where the text is rendered.

What a text may name depends on where it is shown (architecture.md, pack/text.py): inject texts see
`world`, `facts`, `team` and `attachments` (the digests recorded at the start, so a sender can state the
SHA-256 of what it hands over), and replies of party rules also `action` and `missing`; matcher values and
scripts see `world` and `attachments`; attachment files and world templates see only `world` (a world
template only the items declared before it). Problems are reported at the template's own line: inside a
block scalar (`body: |`) the line of the YAML file, inside an attachment the line of that file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from cyberdrill.pack.checks import PackCheck
from cyberdrill.pack.loaded import Diagnostic
from cyberdrill.pack.model import Generator, Inject, PartyRule, Record, Step, Team
from cyberdrill.pack.text import TemplateProblem, referenced_names
from cyberdrill.pack.world_shape import argument_problem, check_world_path, generator_problem, world_shape
from cyberdrill.pack.yamlnodes import Document, ValuePath

_DIGEST_KEYS = ("sha256", "size", "title", "media_type")
_TEAM_KEYS = tuple(Team.model_fields)


def is_template(text: str) -> bool:
    """Whether a string holds any Jinja2 markup at all (most do not: skip them cheaply)."""
    return "{{" in text or "{%" in text or "{#" in text


class TextCheck:
    """Checks the templates of one pack against the names each place offers."""

    def __init__(self, check: PackCheck) -> None:
        self.check = check
        self.parsed: dict[str, list[tuple[tuple[str | int, ...], int]]] = {}
        pack = check.pack
        self.shape = world_shape(pack) if isinstance(getattr(pack, "world", None), dict) else {}
        self.world_names = list(self.shape)
        # Replies see the request that caused them: inject id -> the action types it answers.
        self.answers: dict[str, set[str]] = {}
        for _, rule in check.items("rules", PartyRule):
            for reply in (rule.reply, rule.otherwise):
                if reply is not None:
                    self.answers.setdefault(reply.inject, set()).add(rule.on)
        # An inject triggered by a step's attempt sees that action too.
        steps = {s.id: s for _, s in check.items("steps", Step)}
        for _, inject in check.items("injects", Inject):
            after = inject.trigger.after if inject.trigger is not None else None
            if after and after.startswith("step:") and after[5:] in steps:
                step = steps[after[5:]]
                self.answers.setdefault(inject.id, set()).update([step.action, *(r.action for r in step.routes)])

    def run(self) -> None:
        """Check every templated text of the pack, its scripts and its attachment files."""
        check = self.check
        for i, inject in check.items("injects", Inject):
            names = {"world", "facts", "team", "attachments"} | (
                {"action", "missing"} if inject.id in self.answers else set())
            for key in ("subject", "body"):
                self.text((("injects", i, key)), getattr(inject, key), names, answers=self.answers.get(inject.id))
        for path, value in self._matcher_values():
            self.values(path, value, {"world", "attachments"})
        for script in check.scripts:
            for j, entry in enumerate(script.entries):
                if entry is not None:
                    self.values((j, "fields"), entry.fields, {"world", "attachments"}, doc=script.doc)
        for index, (name, item) in enumerate((getattr(check.pack, "world", None) or {}).items()):
            earlier = self.world_names[:index]
            generators = item.fields.items() if isinstance(item, Record) else [(None, item)]
            for field_name, generator in generators:
                path = ("world", name) if field_name is None else ("world", name, "fields", field_name)
                self._generator(path, generator, earlier)
        for name, source in check.attachment_sources.items():
            self.attachment(name, source)

    # ---------------------------------------------------------------------------------- the places

    def _matcher_values(self) -> Iterator[tuple[ValuePath, Any]]:
        for i, step in self.check.items("steps", Step):
            for key in ("select", "match"):
                for field_name, matcher in getattr(step, key).items():
                    yield ("steps", i, key, field_name, matcher.operator), matcher.operand
            for j, penalty in enumerate(step.penalties):
                for field_name, matcher in penalty.when.items():
                    yield ("steps", i, "penalties", j, "when", field_name, matcher.operator), matcher.operand
        for i, rule in self.check.items("rules", PartyRule):
            for field_name, matcher in rule.accept_if.items():
                yield ("rules", i, "accept_if", field_name, matcher.operator), matcher.operand

    def _generator(self, path: ValuePath, generator: Generator, earlier: list[str]) -> None:
        problem = generator_problem(generator)
        if problem is not None:
            self.check.report((*path, "faker") if generator.faker is not None else path, problem)
        elif generator.faker is not None:
            too_much = argument_problem(generator.faker, generator.args)
            if too_much is not None:
                self.check.report((*path, "args", too_much[0]), too_much[1])
        if generator.template is not None:
            shape = {k: self.shape[k] for k in earlier if k in self.shape}
            self.text((*path, "template"), generator.template, {"world"}, shape=shape)

    def values(self, path: ValuePath, value: Any, names: set[str], doc: Document | None = None) -> None:
        """Check the templates inside a value: strings, and strings nested in lists and mappings."""
        if isinstance(value, str):
            self.text(path, value, names, doc=doc)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.values((*path, i), item, names, doc)
        elif isinstance(value, dict):
            for key, item in value.items():
                self.values((*path, key), item, names, doc)

    def text(self, path: ValuePath, source: str, names: set[str], *, doc: Document | None = None,
             answers: set[str] | None = None, shape: dict[str, Any] | None = None) -> None:
        """Check one template written in a YAML value at `path`."""
        if not is_template(source):
            return
        where = doc or self.check.doc
        for lineno, name, message in self.problems(source, names, answers, shape):
            file, line, col = yaml_place(where, path, lineno, name)
            self.check.diagnostics.append(Diagnostic(file, line, col, message))

    def attachment(self, name: str, source: str) -> None:
        """Check an attachment file; positions are lines of that file."""
        if not is_template(source):
            return
        file = self.check.attachment_docs.get(name, name)
        lines = source.splitlines()
        for lineno, first, message in self.problems(source, {"world"}, None, None):
            text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
            col = text.find(first) + 1 if first and first in text else len(text) - len(text.lstrip()) + 1
            self.check.diagnostics.append(Diagnostic(file, lineno, col, message))

    # ------------------------------------------------------------------------------------ the names

    def problems(self, source: str, names: set[str], answers: set[str] | None,
                 shape: dict[str, Any] | None) -> Iterator[tuple[int, str, str]]:
        """(template line, the name to point at, message) for each problem of one template."""
        try:
            if source not in self.parsed:  # the same text recurs (a matcher and the solution): parse it once
                self.parsed[source] = referenced_names(source)
            found = self.parsed[source]
        except TemplateProblem as exc:
            yield exc.lineno or 1, "", f"template syntax: {exc.message}"
            return
        for ref, lineno in found:
            message = self.reference(ref, names, answers, self.shape if shape is None else shape)
            if message is not None:
                yield lineno, str(ref[0]), message

    def reference(self, ref: tuple[Any, ...], names: set[str], answers: set[str] | None,
                  shape: dict[str, Any]) -> str | None:
        """Why the chain `ref` (e.g. ('world', 'hoster', 'name')) cannot be used here, or None."""
        root = ref[0]
        if root not in names:
            return f"{root!r} is not available in this text (it can use: {', '.join(sorted(names))})"
        key = ref[1] if len(ref) > 1 else None
        if root == "world":
            if len(ref) > 1 and ref[1] not in shape and ref[1] in self.shape:
                return f"world.{ref[1]} is declared after this item; a world template sees only the items above it"
            if len(ref) > 1 and ref[1] not in shape and ref[1] in (self.check.data.get("world") or {}):
                return None  # the item is declared but invalid, reported where it is written
            return check_world_path(shape, ref)
        if key is None:
            return None
        if root == "facts":
            return None if key in self.check.declared("fact") else _unknown("fact", key, self.check.declared("fact"))
        if root == "team":
            return None if key in _TEAM_KEYS else _unknown("team field", key, _TEAM_KEYS)
        if root == "attachments":
            if key not in self.check.declared("attachment"):
                return _unknown("attachment", key, self.check.declared("attachment"))
            if len(ref) > 2 and ref[2] not in _DIGEST_KEYS:
                return f"an attachment offers {', '.join(_DIGEST_KEYS)}; not {ref[2]!r}"
        if root == "action" and answers:
            fields = {f for action in answers for f in (self.check.action_fields(action) or {})}
            if fields and key not in fields:
                return _unknown(f"field of action type {', '.join(sorted(answers))}:", key, sorted(fields))
        return None


def _unknown(kind: str, key: Any, known: Any) -> str:
    close = difflib.get_close_matches(str(key), [str(k) for k in known], n=1, cutoff=0.6)
    return f"unknown {kind} {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "")


def yaml_place(doc: Document, path: ValuePath, lineno: int, name: str) -> tuple[str, int, int]:
    """File, line and column of line `lineno` of the template written at `path` in a YAML file: the column
    of `name` on that line when it is there, else where the text starts."""
    start = doc.at(path)
    first = doc.blocks.get(path)
    line = (first if first is not None else start.line) + lineno - 1
    lines = doc.sources.get(start.file, [])
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    offset = start.col - 1 if first is None and lineno == 1 else 0
    found = text.find(name, offset) if name else -1
    if found >= 0:
        return start.file, line, found + 1
    if first is None and lineno == 1:
        return start.file, line, start.col
    return start.file, line, len(text) - len(text.lstrip()) + 1
