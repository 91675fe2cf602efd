"""The pack's templated text: Jinja2 in the sandbox, over the run's world and state.

Pack files are data, never code, so every template renders in Jinja2's immutable sandbox: attribute
access to dunders and internals is refused (SecurityError), and nothing a template does can change the
objects it is given. Undefined names fail loudly (StrictUndefined): a typo in `{{ world.hostr }}` is an
error, not an empty string in front of trainees. Autoescaping is off: the text is Markdown or plain text,
and HTML escaping is the report's business.

Every problem — a syntax error, an unknown name, a refused attribute, a filter given a wrong value — is
raised as `TemplateProblem`, with the template line when Jinja2 knows it and the original exception as
`__cause__`, so callers never need to import Jinja2 themselves.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, Undefined, UndefinedError, nodes
from jinja2.sandbox import SandboxedEnvironment

from cyberdrill.pack.model import format_clock
from cyberdrill.pack.sandbox import metered, sandboxed_environment

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.environment import TemplateExpression

    from cyberdrill.pack.loaded import LoadedPack

# The names a template may use. Which of them are set depends on where the text is shown:
# world everywhere; facts, team in injects; action and missing in a party's reply; attachments in
# injects, scripts and matchers (name -> {sha256, size, title, media_type}).
CONTEXT_NAMES: tuple[str, ...] = ("world", "facts", "team", "action", "missing", "attachments")

Path = tuple[str | int, ...]


class TemplateProblem(Exception):
    """A template that cannot be parsed or rendered: `message`, and `lineno` (from 1) when known."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(f"line {lineno}: {message}" if lineno else message)
        self.message = message
        self.lineno = lineno

    @property
    def undefined(self) -> bool:
        """Whether the text named something its context does not hold (rather than being refused)."""
        return isinstance(self.__cause__, UndefinedError)


# ------------------------------------------------------------------------------------------- filters


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "")
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                pass
    raise TypeError(f"expected a number, got {value!r}")


def money(amount: Any, currency: str | None = None) -> str:
    """412000 and "THB" -> "THB 412,000.00" (two decimals, thousands separated by commas)."""
    text = f"{_number(amount):,.2f}"
    return f"{currency} {text}" if currency else text


def thousands(value: Any) -> str:
    """412000 -> "412,000"; 1234.5 -> "1,234.5"."""
    number = _number(value)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return f"{number:,}"


def clock(seconds: Any) -> str:
    """Exercise seconds -> "T+01:30"."""
    return format_clock(int(_number(seconds)))


# ------------------------------------------------------------------------------------------ the env


def _environment() -> SandboxedEnvironment:
    return sandboxed_environment(immutable=True, keep_trailing_newline=True,
                                 filters={"money": money, "thousands": thousands, "clock": clock})


_ENV = _environment()

# Names Jinja2 itself provides (range, dict, namespace ...): never references to the context.
_GLOBALS = frozenset(_ENV.globals)


def _line_of(exc: BaseException) -> int | None:
    # Jinja2 rewrites tracebacks so that frames of template code carry the template's line numbers.
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _problem(exc: Exception) -> TemplateProblem:
    if isinstance(exc, TemplateProblem):
        return exc
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return TemplateProblem(message, _line_of(exc))


@lru_cache(maxsize=1024)
def _template(source: str) -> Template:
    # The same inject texts render again for every team and every replay: compile each source once.
    return _ENV.from_string(source)


@lru_cache(maxsize=1024)
def _expression(source: str) -> TemplateExpression:
    return _ENV.compile_expression(source, undefined_to_none=False)


def check_syntax(source: str) -> None:
    """Raise TemplateProblem (with the line) if `source` is not a valid template."""
    try:
        _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.message or str(exc), exc.lineno) from exc


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render the template `source` with `context`; raise TemplateProblem on any error."""
    try:
        with metered():
            return _template(source).render(dict(context))
    except Exception as exc:  # any failure of pack text is the pack's problem, reported with its line
        raise _problem(exc) from exc


# A string that is exactly one `{{ expression }}`; the inner part may not open or close another tag.
_LONE = re.compile(r"^\s*\{\{(?P<expr>(?:(?!\{\{|\}\}|\{%|%\}|\{#).)*)\}\}\s*$", re.DOTALL)


def _native(value: Any) -> Any:
    # What an expression returns may be a Jinja2 or Python type a JSON log cannot hold.
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined (and the sandbox's unsafe-attribute marker) raise here
    if isinstance(value, str):
        return str(value)  # Markup -> str
    if isinstance(value, Mapping):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, Iterator)):
        return [_native(v) for v in value]
    return value


def render_value(value: Any, context: Mapping[str, Any]) -> Any:
    """Render the templates inside `value` (strings, recursively in lists and dicts).

    A string that is exactly one `{{ expression }}` becomes the expression's value with its type
    ("{{ world.ips }}" -> a list, "{{ world.amount }}" -> an int); other strings render to text.
    """
    if isinstance(value, str):
        if "{" not in value:
            return value
        lone = _LONE.match(value)
        if lone is None:
            return render(value, context)
        try:
            with metered():
                return _native(_expression(lone.group("expr"))(**dict(context)))
        except TemplateSyntaxError as exc:
            raise _problem(exc) from exc
        except Exception as exc:  # as in render(): reported as the pack's problem
            # Jinja2 numbers a compiled expression's lines its own way: give the line of the `{{`.
            line = value[: lone.start("expr")].count("\n") + 1
            raise TemplateProblem(_problem(exc).message, line) from exc
    if isinstance(value, Mapping):
        return {k: render_value(v, context) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [render_value(v, context) for v in value]
    return value


# ------------------------------------------------------------------------------- static references


def referenced_names(source: str) -> list[tuple[Path, int]]:
    """The attribute/item chains rooted at free names of `source`, each with its line.

    `{{ world.victims[0].name }}` on line 3 gives (("world", "victims", 0, "name"), 3). A chain stops
    before a dynamic subscript (`world.x[i]` -> ("world", "x")), a filter or a test (their input is the
    chain) and a method call (`world.x.upper()` -> ("world", "x")). Names bound in the template (loop
    variables, `set`, macro arguments, `with`) and Jinja2's globals (range, dict ...) are not free.
    Raises TemplateProblem on a syntax error.
    """
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.message or str(exc), exc.lineno) from exc
    found: list[tuple[Path, int]] = []
    _References(found).visit_all(tree.body, set(_GLOBALS))
    unique = list(dict.fromkeys(found))  # the same chain on the same line once, in order
    return sorted(unique, key=lambda r: r[1])


def _targets(node: nodes.Node) -> set[str]:
    return {n.name for n in node.find_all(nodes.Name)} | ({node.name} if isinstance(node, nodes.Name) else set())


def _const_key(node: nodes.Node) -> str | int | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, (str, int)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, nodes.Neg) and isinstance(node.node, nodes.Const) and type(node.node.value) is int:
        return -node.node.value
    return None


class _References:
    """A walk of the template tree that knows which names are bound where."""

    def __init__(self, found: list[tuple[Path, int]]) -> None:
        self.found = found

    def visit_all(self, body: list[nodes.Node], bound: set[str]) -> None:
        # `bound` is the current scope, mutated by `set` so that later siblings see the binding.
        for node in body:
            self.visit(node, bound)

    def visit(self, node: nodes.Node, bound: set[str]) -> None:
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            self.chain(node, bound)
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            self.visit(node.node.node, bound)  # a method call: the receiver is the reference
            self.children_except(node, "node", bound)
        elif isinstance(node, nodes.For):
            self.visit(node.iter, bound)
            inner = bound | _targets(node.target) | {"loop"}
            if node.test is not None:
                self.visit(node.test, inner)
            self.visit_all(node.body, set(inner))
            self.visit_all(node.else_, set(bound))
        elif isinstance(node, nodes.Assign):
            self.visit(node.node, bound)
            bound |= _targets(node.target)
        elif isinstance(node, nodes.AssignBlock):
            self.visit_all(node.body, set(bound))
            if node.filter is not None:
                self.visit(node.filter, bound)
            bound |= _targets(node.target)
        elif isinstance(node, nodes.Macro):
            bound.add(node.name)
            inner = bound | {a.name for a in node.args} | {"varargs", "kwargs", "caller"}
            for default in node.defaults:
                self.visit(default, bound)
            self.visit_all(node.body, set(inner))
        elif isinstance(node, nodes.CallBlock):
            self.visit(node.call, bound)
            inner = bound | {a.name for a in node.args} | {"varargs", "kwargs"}
            self.visit_all(node.body, set(inner))
        elif isinstance(node, nodes.With):
            for value in node.values:
                self.visit(value, bound)
            inner = bound.copy()
            for target in node.targets:
                inner |= _targets(target)
            self.visit_all(node.body, inner)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, bound)

    def children_except(self, node: nodes.Node, skip: str, bound: set[str]) -> None:
        for field in node.fields:
            if field == skip:
                continue
            value = getattr(node, field, None)
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, nodes.Node):
                    self.visit(item, bound)

    def chain(self, node: nodes.Node, bound: set[str]) -> None:
        """Record the constant chain ending at `node`; visit dynamic subscripts on the way."""
        keys: list[str | int] = []
        dynamic: list[nodes.Node] = []  # subscripts that are expressions of their own, outermost first
        current = node
        while True:
            if isinstance(current, nodes.Getattr):
                keys.append(current.attr)
                current = current.node
            elif isinstance(current, nodes.Getitem):
                key = _const_key(current.arg)
                if key is None:
                    # world.x[i]: the chain ends at world.x
                    dynamic.append(current.arg)
                    keys.clear()
                else:
                    keys.append(key)
                current = current.node
            else:
                break
        if isinstance(current, nodes.Name):
            if current.ctx == "load" and current.name not in bound:
                self.found.append(((current.name, *reversed(keys)), current.lineno))
        else:
            self.visit(current, bound)
        for arg in reversed(dynamic):  # in the order they are written
            self.visit(arg, bound)


# ------------------------------------------------------------------------------------------ attachments


def render_attachment(loaded: LoadedPack, name: str, world: Mapping[str, Any]) -> str:
    """The text of attachment `name` for a run whose world is `world`."""
    try:
        source = loaded.attachment_sources[name]
    except KeyError:
        known = ", ".join(sorted(loaded.attachment_sources)) or "none"
        raise KeyError(f"no attachment named {name!r} (attachments: {known})") from None
    return render(source, {"world": world})


def attachment_digests(loaded: LoadedPack, world: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """name -> {"sha256", "size", "title", "media_type"} of every attachment as rendered for `world`.

    The digest is of the UTF-8 text; teams quote it as evidence and steps match it through
    `{{ attachments['statement.csv'].sha256 }}`.
    """
    digests: dict[str, dict[str, Any]] = {}
    for name, attachment in loaded.pack.attachments.items():
        data = render_attachment(loaded, name, world).encode("utf-8")
        digests[name] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "title": attachment.title or name,
            "media_type": attachment.media_type,
        }
    return digests
