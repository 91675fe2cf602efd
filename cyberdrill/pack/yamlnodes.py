"""YAML text -> plain Python values, remembering where each value was written.

PyYAML's safe loader forgets positions, keeps the last of two duplicate keys without a word and reads
`on:` as the boolean key True. Pack authors need better: every value of a pack file is recorded under its
value path (the tuple of mapping keys and list indices leading to it) with its 1-based line and column, so
that a schema error or a dangling reference can point at the exact spot.

The text is composed to nodes by the C parser when PyYAML has it, then converted here. The conversion
refuses what a data file has no business holding: tags other than the plain core ones (pack files are data,
never code: a `!!python/object` tag is reported, never constructed), duplicate keys, recursive aliases and
alias bombs (more than MAX_VALUES values built from one file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C parser is several times faster; the pure-Python one is a fine fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

ValuePath = tuple[Any, ...]

# Far beyond any real pack (the flagship builds a few thousand values); an alias bomb gets there in a few
# lines, and reaching the cap takes about half a second.
MAX_VALUES = 250_000

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_MERGE = _CORE + "merge"
_WRITTEN_TAG = re.compile(r"(?:&[^\s]+\s+)?!")
_STR = _CORE + "str"


class Pos(NamedTuple):
    """A place in a pack file; line and column count from 1. (A tuple: one is built for every value read.)"""

    file: str
    line: int
    col: int


@dataclass
class Document:
    """One YAML file converted to Python values, with the position of every value and key in it."""

    file: str
    value: Any = None
    values: dict[ValuePath, Pos] = field(default_factory=dict)  # where each value starts
    keys: dict[ValuePath, Pos] = field(default_factory=dict)  # where the key naming a mapping value starts
    raw: dict[ValuePath, str] = field(default_factory=dict)  # the text of scalars YAML did not read as text
    blocks: dict[ValuePath, int] = field(default_factory=dict)  # block scalars (| >): line of their first text line
    sources: dict[str, list[str]] = field(default_factory=dict)  # file -> its lines, to place template lines
    problems: list[tuple[Pos, str]] = field(default_factory=list)
    refused: set[ValuePath] = field(default_factory=set)  # values dropped for a problem already reported

    def at(self, path: ValuePath) -> Pos:
        """Where the value at `path` was written, else its nearest recorded ancestor."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Pos(self.file, 1, 1)

    def key_at(self, path: ValuePath) -> Pos:
        """Where the key naming the value at `path` was written (the value's place when it has no key)."""
        return self.keys.get(path) or self.at(path)

    def absorb(self, other: Document, sections: set[Any]) -> None:
        """Take in the positions another file gives for the top-level `sections` (paths starting with one)."""
        def taken(positions: dict[ValuePath, Any]) -> dict[ValuePath, Any]:
            return {path: value for path, value in positions.items() if path and path[0] in sections}

        self.values.update(taken(other.values))
        self.keys.update(taken(other.keys))
        self.raw.update(taken(other.raw))
        self.blocks.update(taken(other.blocks))
        self.sources.update(other.sources)
        self.refused.update(path for path in other.refused if path and path[0] in sections)


class _TooMany(Exception):
    """Raised to stop building values once MAX_VALUES is reached."""


class _Converter:
    """Walks composed nodes, building values and recording positions."""

    def __init__(self, doc: Document, max_values: int) -> None:
        self.doc = doc
        self.max_values = max_values
        self.built = 0
        self.active: set[int] = set()  # collection nodes being built: meeting one again is a recursive alias
        self.scalars = SafeConstructor()

    def written_tag(self, node: Node) -> bool:
        """Whether the node's text starts with a tag (after its anchor, if any): a core type's tag written out
        (`!!str`, `!!int`) resolves like an untagged value, so only the text tells it apart."""
        lines = self.doc.sources.get(self.doc.file) or []
        mark = node.start_mark
        if mark.line >= len(lines):
            return False
        return _WRITTEN_TAG.match(lines[mark.line], mark.column) is not None

    def pos(self, node: Node) -> Pos:
        return Pos(self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def problem(self, node: Node, message: str) -> None:
        self.doc.problems.append((self.pos(node), message))

    def convert(self, node: Node, path: ValuePath) -> Any:
        self.built += 1
        if self.built > self.max_values:
            raise _TooMany
        self.doc.values[path] = self.pos(node)
        if node.tag in ALLOWED_TAGS and self.written_tag(node):  # `!!str x`: a tag all the same
            self.problem(node, f"YAML tags are not allowed: pack files are data "
                         f"(found {node.tag.replace(_CORE, '!!')})")
            self.doc.refused.add(path)
            return None
        if node.tag not in ALLOWED_TAGS and not (node.tag == _MERGE and isinstance(node, ScalarNode)):
            self.problem(
                node, f"YAML tags are not allowed: pack files are data (found {node.tag.replace(_CORE, '!!')})"
            )
            self.doc.refused.add(path)
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            self.problem(node, "a recursive alias (an anchor used inside itself) is not allowed")
            self.doc.refused.add(path)
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def scalar(self, node: ScalarNode, path: ValuePath) -> Any:
        if node.style in ("|", ">"):
            self.doc.blocks[path] = node.start_mark.line + 2
        if node.tag == _STR:
            return node.value  # most values are text: no need for the constructor's machinery
        try:
            value = self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.problem(node, f"cannot read {node.value!r}: {getattr(exc, 'problem', None) or exc}")
            self.doc.refused.add(path)
            return None
        if node.tag != _STR:
            self.doc.raw[path] = node.value
        return value

    def key(self, node: Node) -> Any:
        # Keys in a pack are names. Plain scalar keys stay text, so `on:` (a party rule's action) is not the
        # boolean True and `1:` is not the integer 1, as YAML 1.1 would have it.
        if isinstance(node, ScalarNode) and node.tag in ALLOWED_TAGS:
            return node.value
        if node.tag not in ALLOWED_TAGS:
            self.problem(
                node, f"YAML tags are not allowed: pack files are data (found {node.tag.replace(_CORE, '!!')})"
            )
        else:
            self.problem(node, "a key must be a plain name, not a list or mapping")
        return None

    def mapping(self, node: MappingNode, path: ValuePath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE and isinstance(key_node, ScalarNode):
                merged.append(value_node)
                continue
            key = self.key(key_node)
            if key is None:
                continue
            key_pos = self.pos(key_node)
            if key in first_line:
                self.problem(key_node, f"duplicate key {key!r} (first given on line {first_line[key]})")
                continue
            first_line[key] = key_pos.line
            self.doc.keys[(*path, key)] = key_pos
            result[key] = self.convert(value_node, (*path, key))
        for source in merged:  # `<<: *defaults` fills in keys the mapping does not give itself
            sources = source.value if isinstance(source, SequenceNode) else [source]
            for one in sources:
                if not isinstance(one, MappingNode):
                    self.problem(one, "a merge key (<<) takes a mapping or a list of mappings")
                    continue
                for key_node, value_node in one.value:
                    key = self.key(key_node)
                    if key is not None and key not in result:
                        self.doc.keys[(*path, key)] = self.pos(key_node)
                        result[key] = self.convert(value_node, (*path, key))
        return result


def parse_yaml(text: str, file: str, max_values: int = MAX_VALUES) -> Document:
    """Parse one YAML document. Problems (syntax, tags, duplicate keys, size) land in `problems`;
    the value is None when the text could not be read at all."""
    doc = Document(file=file, sources={file: text.splitlines()})
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "not valid YAML"
        context = f" ({exc.context})" if exc.context and exc.context not in problem else ""
        doc.problems.append((Pos(file, line, col), f"YAML syntax: {problem}{context}"))
        return doc
    except yaml.YAMLError as exc:  # reader errors: bytes that are not text
        doc.problems.append((Pos(file, 1, 1), f"YAML: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append((Pos(file, 1, 1), "YAML nesting too deep"))
        return doc
    if node is None:
        return doc
    converter = _Converter(doc, max_values)
    try:
        doc.value = converter.convert(node, ())
    except _TooMany:
        doc.value = None
        doc.problems.append(
            (Pos(file, 1, 1), f"more than {max_values:,} values: aliases expand too far (an alias bomb?)")
        )
    except RecursionError:
        doc.value = None
        doc.problems.append((Pos(file, 1, 1), "YAML nesting too deep"))
    return doc
