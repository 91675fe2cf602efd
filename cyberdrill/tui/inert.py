"""Trainee and pack text in widgets: always data, never markup, never terminal control sequences.

Every string that did not come from our own code (subjects, bodies, fields, names, reasons, pack titles)
reaches a widget through one of these. Rich `Text` is not parsed for markup, `@click` actions or links;
`escape` is for the few places that build a markup string around such text.
"""

from __future__ import annotations

from rich.markup import escape as _rich_escape
from rich.text import Text

from cyberdrill.textsafe import strip_controls


def inert(text: object, style: str = "") -> Text:
    """`text` as a Rich Text that renders exactly as written (controls stripped), optionally styled."""
    return Text(strip_controls(str(text)), style=style)


def escape(text: object) -> str:
    """`text` safe to embed inside a Rich markup string (controls stripped, every tag escaped)."""
    return _rich_escape(strip_controls(str(text)))
