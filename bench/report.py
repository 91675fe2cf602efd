"""Report figures: median time to render the HTML after-action report of a synthetic 30-team session
(budget: under 300 ms), beside baselines measured in the same run: the JSON report of the same scorecard,
the Markdown report, building the view model alone, and a bare Jinja2 render of a template of the same
size that only loops over the teams.

usage: python bench/report.py [--teams N] [--repeat N]
Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# The working tree's cyberdrill, not an installed copy (only sys.path lines may sit between imports)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "report"))

from jinja2.sandbox import SandboxedEnvironment
from report_factory import synthetic_card, synthetic_pack

from cyberdrill.paths import templates_dir
from cyberdrill.report import render_report
from cyberdrill.report.aar import build_report

REPO = Path(__file__).resolve().parent.parent
BUDGET_MS = 300.0


def median_ms(work: Callable[[], object], repeat: int) -> float:
    work()  # the first call compiles templates; a report session renders many times after it
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--teams", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()

    loaded = synthetic_pack(args.teams)
    card = synthetic_card(loaded)
    steps = sum(len(t.steps) for t in card.teams)
    html = render_report(card, loaded, "html")

    # A bare render: the same amount of template text, one loop over the teams, no view model, no filters.
    bare_source = (templates_dir() / "report.html").read_text(encoding="utf-8")
    bare_source = bare_source.replace("{", "(").replace("}", ")")  # the text, not the logic
    bare = SandboxedEnvironment(autoescape=True).from_string(
        "{% for t in teams %}{{ t.name }}{{ t.score }}{% endfor %}" + bare_source
    )

    figures = {
        "html": median_ms(lambda: render_report(card, loaded, "html"), args.repeat),
        "markdown": median_ms(lambda: render_report(card, loaded, "md"), args.repeat),
        "json": median_ms(lambda: render_report(card, loaded, "json"), args.repeat),
        "csv": median_ms(lambda: render_report(card, loaded, "csv"), args.repeat),
        "view model only": median_ms(lambda: build_report(card, loaded), args.repeat),
        "bare jinja2": median_ms(lambda: bare.render(teams=card.teams), args.repeat),
    }
    print(f"synthetic session: {args.teams} teams, {steps} step results; HTML report {len(html) / 1024:.0f} KiB")
    print(f"median of {args.repeat} renders:")
    for name, ms in figures.items():
        print(f"  {name:<16} {ms:8.2f} ms")
    verdict = "within" if figures["html"] < BUDGET_MS else "OVER"
    print(f"html: {figures['html']:.1f} ms, {verdict} the {BUDGET_MS:.0f} ms budget "
          f"({figures['html'] / BUDGET_MS:.0%} of it)")
    print(f"ratios: html/json {figures['html'] / figures['json']:.1f}x, "
          f"html/markdown {figures['html'] / figures['markdown']:.1f}x, "
          f"html/bare jinja2 {figures['html'] / figures['bare jinja2']:.1f}x, "
          f"view model share of html {figures['view model only'] / figures['html']:.0%}")


if __name__ == "__main__":
    main()
