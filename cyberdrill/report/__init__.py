"""Rendering scorecards and after-action reports through Jinja2 templates.

`render_report(card, loaded, fmt)` is the one entry point; the CLI's `report` command and the instructor
console both call it.
"""

from __future__ import annotations

from cyberdrill.report.compare import Run
from cyberdrill.report.render import FORMATS, ReportError, render_comparison, render_report, template_search_path

__all__ = ["FORMATS", "ReportError", "Run", "render_comparison", "render_report", "template_search_path"]
