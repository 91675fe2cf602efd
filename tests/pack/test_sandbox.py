"""The one sandbox factory and its budgets: what is too big is refused before it is built, and fast."""

from __future__ import annotations

import time

import pytest

from cyberdrill.pack import text
from cyberdrill.pack.sandbox import BudgetedImmutableSandbox, BudgetedSandbox, metered
from cyberdrill.pack.text import TemplateProblem, render, render_value
from cyberdrill.report import render as report_render

REFUSED = [
    ("{{ 'x' * 4000000000 }}", "the repeated value would be 4,000,000,000 long"),
    ("{{ 4000000000 * 'x' }}", "the repeated value would be 4,000,000,000 long"),
    ("{{ [0] * 10 ** 9 }}", "the repeated value would be 1,000,000,000 long"),
    ("{{ 9 ** (9 ** 9) }}", "is a number of about 1,228,093,894 bits"),
    ("{% set ns = namespace(n=3) %}{% for i in range(30) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}",
     "the product is a number of more than"),
    ("{% for i in range(100000) %}{% endfor %}", "range() of 100,000 numbers"),
    ("{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}", "more than 100,000 loop"),
    ("{% for c in 'x' * 900000 %}{% endfor %}", "more than 100,000 loop"),
    ("{{ 'x'|center(10 ** 9) }}", "the centred text would be 1,000,000,000 long"),
    ("{{ 'x'.ljust(10 ** 9) }}", "the padded text (ljust) would be"),
    ("{{ ('x' * 900000)|replace('x', 'yy') }}", "the replaced text would be 1,800,000 long"),
    ("{{ ('x' * 900000).replace('x', 'yy') }}", "the replaced text would be 1,800,000 long"),
    ("{{ '{:>999999999}'.format(1) }}", "a format width or precision of 999999999"),
    ("{{ '%0999999999d' % 1 }}", "a format width or precision of 999999999"),
    ("{{ '%0999999999d'|format(1) }}", "a format width or precision of 999999999"),
    ("{{ 'a\tb'.expandtabs(10 ** 9) }}", "the text with tabs expanded would be"),
    ("{{ 'x'|indent(10 ** 9) }}", "the indented text would be"),
    ("{{ [1]|batch(10 ** 9, 'x')|list }}", "batch into 1,000,000,000"),
    ("{{ lipsum(10 ** 6) }}", "lipsum(n, ..., max)"),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "the joined text (~) would be 1,048,576 long"),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
     "the sum would be 1,048,576 long"),
    ("{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('x') }}", "the joined text (~) would be"),
    ("{% for i in range(5000) %}{{ 'y' * 500 }}{% endfor %}", "the rendered text is longer than 1,000,000"),
    ("{% set x %}{% for i in range(9000) %}{{ 'z' * 999 ~ i }}{% endfor %}{% endset %}", "characters of values"),
    ("{% macro f(n) %}{{ f(n - 1) }}{{ f(n - 1) }}{% endmacro %}{{ f(60) }}", "recursion"),
    ("{{ ''.join([1]|batch(10000, 'x' * 999999)|first) }}", "the joined text would be 9,998,990,002 long"),
    ("{{ ([1]|batch(10000, 'x' * 999999)|first)|join }}", "the joined text would be 9,998,990,002 long"),
    ("{{ ([[1] * 100] * 10000)|sum(start=[]) }}", "summing 10,000 lists would copy more than"),
    ("{{ ('x' * 900000)|list|sort|first }}", "the filter 'sort' takes at most 100,000 characters or items"),
    ("{{ ('x' * 200000)|select|sort|first }}", "the filter 'sort' takes at most 100,000"),
    ("{{ ('a.b ' * 200000)|urlize }}", "the filter 'urlize' takes at most 100,000"),
]


@pytest.mark.parametrize(("source", "message"), REFUSED)
def test_too_much_is_refused_fast(source: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as caught:
        render(source, {})
    assert message in caught.value.message
    assert time.monotonic() - started < 2.0


def test_a_lone_expression_has_the_same_budgets() -> None:
    with pytest.raises(TemplateProblem, match="repeated value"):
        render_value("{{ 'x' * 4000000000 }}", {})
    assert render_value("{{ [1, 2] * 2 }}", {}) == [1, 2, 1, 2]


def test_ordinary_templates_render_as_before() -> None:
    source = ("{{ 'a' ~ 'b' }} {{ 3 * 4 }} {{ 2 ** 10 }} {% for i in range(3) %}{{ i }}{% endfor %} "
              "{{ '%5d' % 3 }} {{ 'x'.center(5) }}|{{ [1, 2]|join(',') }} {{ 'abc'|replace('b', 'X') }} "
              "{{ '{:>4}'.format(7) }} {{ 412000|money('THB') }}")
    assert render(source, {}) == "ab 12 1024 012     3   x  |1,2 aXc    7 THB 412,000.00"


def test_a_render_stops_at_its_time_budget() -> None:
    slow = "{% for i in range(10000) %}{{ (range(10000)|list|sort)|length }}{% endfor %}"
    started = time.monotonic()
    with metered(seconds=0.2), pytest.raises(TemplateProblem, match=r"rendering took longer than 0\.2 s"):
        render(slow, {})
    assert time.monotonic() - started < 1.5


def test_the_sandbox_still_refuses_internals() -> None:
    with pytest.raises(TemplateProblem, match="unsafe"):
        render("{{ ''.__class__.__mro__ }}", {})
    with pytest.raises(TemplateProblem, match="unsafe"):
        render("{{ world.append(1) }}", {"world": []})  # immutable: a text cannot change its context


def test_pack_texts_and_reports_share_the_factory() -> None:
    assert isinstance(text._ENV, BudgetedImmutableSandbox)
    report_env = report_render._environment("md", ("templates",))
    assert isinstance(report_env, BudgetedSandbox) and not isinstance(report_env, BudgetedImmutableSandbox)
    with metered(), pytest.raises(Exception, match="repeated value"):
        report_env.from_string("{{ 'x' * 4000000000 }}").render()
    html = report_render._environment("html", ("templates",))
    assert html.from_string("{{ '<b>' ~ x }}").render(x="<i>") == "&lt;b&gt;&lt;i&gt;"  # `~` still escapes
