"""Jinja2 filters of the report templates: numbers, exercise times, and neutralising free text.

Free text in a report comes from trainees (action fields quoted in reasons), evaluators (mark comments)
and instructors (override justifications, pack texts). In HTML, Jinja2's autoescape handles it. Markdown
has no autoescape, so the Markdown environment runs every `{{ ... }}` through `md_inline` (see
`cyberdrill.report.render`): a report opened in a wiki or a mail client must not grow links, tables or
raw HTML out of what someone typed.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from markupsafe import Markup, escape

from cyberdrill.pack.model import format_clock

# Characters that start Markdown inline syntax (emphasis, code, links, strikethrough) or end a table cell.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# A line that Markdown would read as a heading, list item or rule (">" is already an entity by then).
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))", re.MULTILINE)


def _html_entities(text: str) -> str:
    # Raw HTML passes through most Markdown renderers, so <, > and & become entities, which every
    # renderer shows as the characters themselves.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_inline(value: Any) -> Markup:
    """Text safe inside a Markdown table cell or a line: markup characters escaped, newlines folded.

    A value that is already `Markup` was produced by a filter of ours and passes unchanged. The result
    is `Markup` so that it is not escaped twice; it holds no raw `<`, `>` or `&`, so it is HTML-safe too.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = _html_entities(str(value))
    text = _MD_INLINE.sub(r"\\\1", text)
    # A newline would end the table row; a space keeps the cell whole.
    return Markup(re.sub(r"\s+", " ", text))


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    # "1." starts an ordered list: the escape goes before the dot ("1\\."), not before the digit.
    return indent + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def md_block(value: Any) -> Markup:
    """Multi-line text as Markdown paragraphs: markup neutralised like `md_inline`, line breaks kept."""
    if value is None:
        return Markup("")
    text = _html_entities(str(value).replace("\r\n", "\n"))
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(_escape_line_start, text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("\n\n".join(paragraphs))


def paragraphs(value: Any) -> list[str]:
    """Text split at blank lines, for templates that render one `<p>` per paragraph."""
    if not value:
        return []
    return [p.strip() for p in re.split(r"\n\s*\n", str(value).replace("\r\n", "\n")) if p.strip()]


# Pack prose (summary, scenario) is Markdown written by the pack's author. Reports keep its paragraphs,
# bullet lists, bold, italics and code spans, and show everything else (HTML, links, images, headings,
# tables) as the text it is.
_LIST_ITEM = re.compile(r"^\s*[-*+]\s+")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def _prose_blocks(value: Any) -> list[tuple[str, list[str]]]:
    """("ul", items) or ("p", [text]) for each paragraph of `value`."""
    blocks: list[tuple[str, list[str]]] = []
    for para in paragraphs(value):
        lines = [line for line in para.split("\n") if line.strip()]
        if all(_LIST_ITEM.match(line) for line in lines):
            blocks.append(("ul", [_LIST_ITEM.sub("", line).strip() for line in lines]))
        else:
            blocks.append(("p", [" ".join(line.strip() for line in lines)]))
    return blocks


def _inline_html(text: str) -> str:
    out = []
    for part in _CODE_SPAN.split(str(escape(text))):
        if len(part) > 1 and part.startswith("`") and part.endswith("`"):
            out.append(f"<code>{part[1:-1]}</code>")
        else:
            out.append(_EMPHASIS.sub(r"<em>\2</em>", _STRONG.sub(r"<strong>\1</strong>", part)))
    return "".join(out)


def prose(value: Any) -> Markup:
    """Pack Markdown as HTML: <p>, <ul>, <strong>, <em> and <code> only, over text escaped first."""
    html = []
    for kind, parts in _prose_blocks(value):
        if kind == "ul":
            html.append("<ul>" + "".join(f"<li>{_inline_html(item)}</li>" for item in parts) + "</ul>")
        else:
            html.append(f"<p>{_inline_html(parts[0])}</p>")
    return Markup("\n".join(html))


def md_prose(value: Any) -> Markup:
    """Pack Markdown for a Markdown report: emphasis, code and lists kept; HTML, links, images, tables
    and headings neutralised."""
    out = []
    for kind, parts in _prose_blocks(value):
        cleaned = [_MD_LINE_START.sub(_escape_line_start, re.sub(r"([\[\]|\\])", r"\\\1", _html_entities(p)))
                   for p in parts]
        out.append("\n".join(f"- {item}" for item in cleaned) if kind == "ul" else cleaned[0])
    return Markup("\n\n".join(out))


def num(value: float | None) -> str:
    """Points as people write them: 10, 7.5, 3.33 (no trailing zeros)."""
    if value is None:
        return ""
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


def pct(value: float | None) -> str:
    """A percentage with at most one decimal: 87.5%, 100%."""
    if value is None:
        return ""
    return f"{num(round(float(value), 1))}%"


def clock(seconds: int | None) -> str:
    """Exercise time as T+hh:mm, or an empty string when there is none."""
    return "" if seconds is None else format_clock(int(seconds))


def local_time(start: datetime, seconds: int | None = 0) -> str:
    """The scenario's date and time at exercise second `seconds`, in the pack's own UTC offset."""
    moment = start + timedelta(seconds=int(seconds or 0))
    return moment.strftime("%Y-%m-%d %H:%M %z").replace("+0000", "UTC")


def hours(seconds: int | None) -> str:
    """A duration as 6h or 1h30m."""
    if seconds is None:
        return ""
    h, rest = divmod(int(seconds), 3600)
    m = rest // 60
    return f"{h}h{m:02d}m" if m else f"{h}h"


# CSV cells that a spreadsheet would run as a formula (CSV injection). Numbers are written as numbers.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> str:
    """A text cell that a spreadsheet shows as text: a leading formula character is quoted with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


FILTERS = {
    "num": num,
    "pct": pct,
    "clock": clock,
    "local_time": local_time,
    "hours": hours,
    "paragraphs": paragraphs,
    "md": md_inline,
    "md_block": md_block,
    "prose": prose,
    "md_prose": md_prose,
}
