"""The one sandboxed Jinja2 environment factory, with budgets, for every template a pack brings.

Pack texts (pack/text.py) and report templates (report/render.py) both come from whoever wrote the pack, so
both render in Jinja2's sandbox, set up here alike: strict undefined names, trimmed blocks. The sandbox
refuses unsafe attributes; the budgets below refuse what is safe but too big, so that a 29 KB pack cannot
hang a console or fill a database:

- arithmetic: `9 ** (9 ** 9)`, `'x' * 4000000000`, `[0] * 10 ** 9` are refused before they are computed
  (the binary operators are intercepted, as Jinja2's docs describe for `intercepted_binops`), and so are
  `~` concatenations, string methods and filters whose result would exceed `MAX_VALUE` characters
  (`'x'.center(10 ** 9)`, `s|replace('x', long)`, `'{:>999999999}'.format(1)`);
- loops: `range()` gives at most `MAX_RANGE` numbers, and one render runs at most `MAX_ITERATIONS` loop
  iterations and calls in all;
- output: a rendered text holds at most `MAX_OUTPUT` characters, and one render produces at most `MAX_WORK`
  characters of intermediate values;
- time: one render stops after `RENDER_SECONDS`.

The running totals (iterations, work, time) apply inside `metered()`, which every renderer in cyberdrill
enters; a breach raises `BudgetExceeded` (a `SecurityError`, so callers treat it like any refused text).
"""

from __future__ import annotations

import math
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

MAX_OUTPUT = 1_000_000  # characters of one rendered text (a subject, a body, an attachment, a report)
MAX_VALUE = MAX_OUTPUT  # characters of one intermediate string, items of one list
MAX_WORK = 8 * MAX_OUTPUT  # characters of all intermediate strings of one render
MAX_RANGE = 10_000  # numbers one range() may give
MAX_ITERATIONS = 100_000  # loop iterations and calls of one render
MAX_INT_BITS = 14_000  # about 4,200 digits: Python will not print a larger int anyway
MAX_FORMAT_WIDTH = 10_000  # a width or precision in a format string
RENDER_SECONDS = 1.0


class BudgetExceeded(SecurityError):
    """A template asked for more than a text may cost; the message says which limit and where to look."""


@dataclass
class Budget:
    """The limits and running totals of one render."""

    deadline: float
    seconds: float = RENDER_SECONDS
    max_output: int = MAX_OUTPUT
    max_work: int = MAX_WORK
    iterations: int = 0
    work: int = 0

    def tick(self, count: int = 1) -> None:
        self.iterations += count
        if self.iterations > MAX_ITERATIONS:
            raise BudgetExceeded(f"more than {MAX_ITERATIONS:,} loop iterations and calls in one text")
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"rendering took longer than {self.seconds:g} s")

    def spend(self, size: int) -> None:
        self.work += size
        if self.work > self.max_work:
            raise BudgetExceeded(f"the text builds more than {self.max_work:,} characters of values while rendering")
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"rendering took longer than {self.seconds:g} s")


_CURRENT: ContextVar[Budget | None] = ContextVar("cyberdrill_render_budget", default=None)


@contextmanager
def metered(seconds: float = RENDER_SECONDS, max_output: int = MAX_OUTPUT) -> Iterator[Budget]:
    """Run one render under a fresh budget (nested calls share the outer one). A report, bigger than
    any one text, passes its own `max_output` (intermediate values may then total 8 times as much)."""
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    budget = Budget(deadline=time.monotonic() + seconds, seconds=seconds, max_output=max_output,
                    max_work=max(MAX_WORK, 8 * max_output))
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def _tick(count: int = 1) -> None:
    budget = _CURRENT.get()
    if budget is not None:
        budget.tick(count)


def _spend(size: int) -> None:
    budget = _CURRENT.get()
    if budget is not None:
        budget.spend(size)


# ---------------------------------------------------------------------------------------------- sizes


def _length(value: Any) -> int:
    """Characters of a string, items of a container; 0 for anything else (numbers are bounded apart)."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def _allow(size: int, what: str) -> None:
    if size > MAX_VALUE:
        raise BudgetExceeded(f"{what} would be {size:,} long; a value may hold at most {MAX_VALUE:,}")
    _spend(size)


def _int_bits(value: Any) -> int:
    return abs(value).bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before computing it, an operation whose result would be too large."""
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            bits = right * math.log2(abs(left))
            if bits > MAX_INT_BITS:
                raise BudgetExceeded(f"{left} ** {right} is a number of about {int(bits):,} bits; at most "
                                     f"{MAX_INT_BITS:,}")
    elif operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            if _int_bits(left) + _int_bits(right) > MAX_INT_BITS:
                raise BudgetExceeded(f"the product is a number of more than {MAX_INT_BITS:,} bits")
        elif isinstance(right, int) and _length(left):
            _allow(_length(left) * max(right, 0), "the repeated value")
        elif isinstance(left, int) and _length(right):
            _allow(_length(right) * max(left, 0), "the repeated value")
    elif operator == "+":
        if _length(left) or _length(right):
            _allow(_length(left) + _length(right), "the sum")
    elif operator == "%" and isinstance(left, (str, bytes)):
        _check_percent_format(left if isinstance(left, str) else left.decode("latin-1"))
        values = right.values() if isinstance(right, Mapping) else right if isinstance(right, tuple) else (right,)
        _allow(len(left) + sum(len(str(v)) for v in values), "the formatted text")


_PERCENT_FIELD = "(?:%(?:\\([^)]*\\))?[#0\\- +]*(\\*|\\d+)?(?:\\.(\\*|\\d+))?)"


def _check_percent_format(text: str) -> None:
    for width, precision in re.findall(_PERCENT_FIELD, text):
        for number in (width, precision):
            if number == "*" or (number and int(number) > MAX_FORMAT_WIDTH):
                raise BudgetExceeded(f"a format width or precision of {number} (at most {MAX_FORMAT_WIDTH:,})")


def _check_brace_format(text: str) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format raises its own error
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise BudgetExceeded("a format width may not itself be a {field}")
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_FORMAT_WIDTH:
                raise BudgetExceeded(f"a format width or precision of {number} (at most {MAX_FORMAT_WIDTH:,})")


def _joined(separator: Any, items: list[Any]) -> int:
    return sum(len(str(i)) for i in items) + len(str(separator)) * max(len(items) - 1, 0)


def _check_method(receiver: str | bytes, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a string method whose result would be too long, before it runs."""
    size = len(receiver)
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _allow(max(args[0], size), f"the padded text ({name})")
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        _allow(size * max(int(tab), 1), "the text with tabs expanded")
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = receiver.count(old)
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        _allow(size + count * max(len(new) - len(old), 0), "the replaced text")
    elif name in ("format", "format_map") and isinstance(receiver, str):
        _check_brace_format(receiver)
    elif name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((len(str(v)) for v in args[0].values() if v is not None), default=1)
        _allow(size * max(longest, 1), "the translated text")


# ------------------------------------------------------------------------------------------ filters


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` with the pre-checks its arguments need and a size check of its result."""
    # A filter marked pass_context/pass_eval_context/pass_environment gets that object first; `wraps`
    # copies the mark, so Jinja2 passes it to the guard as well.
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
    checked = name in _PRECHECKED
    limit = _SLOW_FILTERS.get(name)

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if limit is not None and len(args) > skip:
            value = args[skip]
            if not isinstance(value, (str, bytes, list, tuple, dict)):
                # A generator (`map`, `select` ...) is measured as the list the filter would make of it.
                value = list(value)
                args = (*args[:skip], value, *args[skip + 1:])
            if len(value) > limit:
                raise BudgetExceeded(f"the filter {name!r} takes at most {limit:,} characters or items, "
                                     f"not {len(value):,}")
        if checked:
            _before_filter(name, args[skip:], kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple, dict)):
            _allow(len(result), f"the result of the filter {name!r}")
        return result

    return guarded


def _arg(args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str, default: Any) -> Any:
    if name in kwargs:
        return kwargs[name]
    return args[index] if len(args) > index else default


# The filters whose arguments can ask for a result far bigger than their input.
_PRECHECKED = frozenset({"center", "indent", "replace", "format", "wordwrap", "tojson", "batch", "slice", "join",
                         "sum"})
# Filters that take long on a large input (a sort calls Python per item, urlize runs regular expressions):
# the most characters or items each may take, so that one call stays well inside a render's time budget.
_SLOW_FILTERS: dict[str, int] = {
    "sort": 100_000, "unique": 100_000, "groupby": 100_000, "dictsort": 100_000, "urlize": 100_000,
    "pprint": 100_000, "wordwrap": 200_000, "title": 200_000, "join": MAX_VALUE, "sum": MAX_VALUE,
}
MAX_SUM_COPIES = 10_000_000  # items copied when lists are summed (each addition copies the total so far)


def _before_filter(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    value = args[0] if args else ""
    if name == "center":
        width = _arg(args, kwargs, 1, "width", 80)
        _allow(max(int(width), _length(str(value))), "the centred text")
    elif name == "indent":
        width = _arg(args, kwargs, 1, "width", 4)
        pad = len(width) if isinstance(width, str) else int(width)
        text = str(value)
        _allow(len(text) + (text.count("\n") + 1) * max(pad, 0), "the indented text")
    elif name == "replace" and len(args) >= 3:
        _check_method(str(value), "replace", (str(args[1]), str(args[2]), *args[3:4]), {})
    elif name == "format":
        _check_percent_format(str(value))
    elif name == "wordwrap":
        text = str(value)
        width = max(int(_arg(args, kwargs, 1, "width", 79)), 1)
        wrap = _arg(args, kwargs, 3, "wrapstring", None)
        _allow(len(text) + (len(text) // width + 1) * len(str(wrap or "\n")), "the wrapped text")
    elif name == "tojson":
        indent = _arg(args, kwargs, 1, "indent", None)
        if isinstance(indent, int) and indent > 100:
            raise BudgetExceeded(f"tojson indent {indent} (at most 100)")
    elif name in ("batch", "slice"):
        count = _arg(args, kwargs, 1, "linecount" if name == "batch" else "slices", 1)
        if isinstance(count, int) and count > MAX_RANGE:
            raise BudgetExceeded(f"{name} into {count:,} (at most {MAX_RANGE:,})")
    elif name == "join":
        separator = _arg(args, kwargs, 1, "d", "")
        if isinstance(value, (list, tuple)):
            _allow(_joined(separator, list(value)), "the joined text")
    elif name == "sum" and isinstance(value, (list, tuple)):
        sizes = [len(v) for v in value if isinstance(v, (list, tuple))]
        _allow(sum(sizes), "the sum")
        if len(sizes) * sum(sizes) > MAX_SUM_COPIES:
            raise BudgetExceeded(f"summing {len(sizes):,} lists would copy more than {MAX_SUM_COPIES:,} items")


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise BudgetExceeded(f"range() of {len(numbers):,} numbers; at most {MAX_RANGE:,}")
    return numbers


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # Jinja2's argument names
    if n > 100 or max > 1_000:
        raise BudgetExceeded("lipsum(n, ..., max): at most 100 paragraphs of at most 1,000 words")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


# --------------------------------------------------------------------------------------- the compiler


class _BudgetedCodeGenerator(CodeGenerator):
    """Jinja2's code generator with every loop counted and every `~` size-checked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loop_iterables: set[int] = set()  # ids of the nodes that are a `for` loop's iterable

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in self._loop_iterables:
            return super().visit(node, *args, **kwargs)
        self.write("environment.counted(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        self._loop_iterables.add(id(node.iter))
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_checked(context, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Budgeted:
    """What both sandboxes add to Jinja2's: the budgets (mixed in before the sandbox class)."""

    code_generator_class: type[CodeGenerator] = _BudgetedCodeGenerator
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def _install_budgets(self: Any) -> None:
        self.globals["range"] = _range
        self.globals["lipsum"] = _lipsum
        self.filters = {name: _guard_filter(name, func) for name, func in self.filters.items()}
        self.concat = _checked_concat

    def call_binop(self: Any, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        result = self.binop_table[operator](left, right)
        if _length(result):
            _allow(_length(result), "the result")
        elif _int_bits(result) > MAX_INT_BITS:
            raise BudgetExceeded(f"a number of more than {MAX_INT_BITS:,} bits")
        return result

    def call(__self: Any, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        receiver = getattr(target, "__self__", None)
        if isinstance(receiver, (str, bytes)):
            name = getattr(target, "__name__", "")
            if name == "join" and len(args) == 1:
                items = list(args[0])  # measured first: `','.join(...)` of a generator is built whole anyway
                _allow(_joined(receiver, items), "the joined text")
                args = (items,)
            _check_method(receiver, name, args, kwargs)
        result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple, dict)):
            _allow(len(result), "the result of the call")
        return result

    @staticmethod
    def counted(iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            _tick()
            yield item

    @staticmethod
    def concat_checked(context: Context, values: tuple[Any, ...]) -> str:
        # Checked before joining (strings by their length, without a copy), and after (escaping lengthens).
        size = sum(len(v) if isinstance(v, str) else len(str(v)) for v in values)
        if size > MAX_VALUE:
            _allow(size, "the joined text (~)")
        joined: str = markup_join(values) if context.eval_ctx.autoescape else str_join(values)
        _allow(len(joined), "the joined text (~)")
        return joined


def _checked_concat(pieces: Iterable[str]) -> str:
    # Everything a template writes (a render, a macro, a {% set %} block) is joined here.
    budget = _CURRENT.get()
    limit = budget.max_output if budget is not None else MAX_OUTPUT
    parts: list[str] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > limit:
            raise BudgetExceeded(f"the rendered text is longer than {limit:,} characters")
        parts.append(piece)
    return "".join(parts)


class BudgetedSandbox(_Budgeted, SandboxedEnvironment):
    """Jinja2's sandbox with the budgets (report templates)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._install_budgets()


class BudgetedImmutableSandbox(_Budgeted, ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with the budgets (pack texts: nothing a text does changes its context)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._install_budgets()


def sandboxed_environment(
    *,
    immutable: bool = False,
    loader: BaseLoader | None = None,
    autoescape: bool | Callable[[str | None], bool] = False,
    finalize: Callable[..., Any] | None = None,
    keep_trailing_newline: bool = False,
    filters: Mapping[str, Any] | None = None,
) -> SandboxedEnvironment:
    """A sandboxed environment with strict undefined names, trimmed blocks and the budgets above.

    `filters` are added (and budgeted) with Jinja2's own; `immutable` refuses changes to lists and dicts.
    """
    options: dict[str, Any] = {
        "undefined": StrictUndefined,
        "autoescape": autoescape,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": keep_trailing_newline,
        "loader": loader,
    }
    if finalize is not None:
        options["finalize"] = finalize
    env: SandboxedEnvironment = (BudgetedImmutableSandbox if immutable else BudgetedSandbox)(**options)
    for name, func in (filters or {}).items():
        env.filters[name] = _guard_filter(name, func)
    return env
