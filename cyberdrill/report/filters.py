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

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from cyberdrill.i18n import babel_locale
from cyberdrill.pack.model import format_clock
from cyberdrill.report.i18n import current as report_language

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


# Pack prose (summary, scenario) is Markdown written by the pack's author, read by markdown-it-py (a
# CommonMark parser). Reports keep its paragraphs, bullet and numbered lists, bold, italics and code spans,
# and show everything else (HTML, links, images, headings, quotes, rules, code blocks) as the text it is.
_PROSE = MarkdownIt("commonmark", {"html": False}).disable([
    "code", "fence", "blockquote", "hr", "html_block", "heading", "lheading", "reference",
    "link", "image", "autolink", "html_inline", "entity",
])


def _prose_tokens(value: Any) -> list[Token]:
    return _PROSE.parse(str(value).replace("\r\n", "\n")) if value else []


def _prose_blocks(value: Any) -> list[tuple[str, int, list[str]]]:
    """(kind, start, texts) for each top-level block: ("p", 1, [text]), ("ul", 1, items) or ("ol", start,
    items); each text is the block's Markdown source with its line breaks folded."""
    blocks: list[tuple[str, int, list[str]]] = []
    kind, start, texts = "", 1, list[str]()
    for token in _prose_tokens(value):
        if token.level == 0 and token.nesting == 1:
            kind = {"bullet_list_open": "ul", "ordered_list_open": "ol"}.get(token.type, "p")
            start, texts = int(token.attrGet("start") or 1), []
        elif token.type == "list_item_open" and token.level == 1:
            texts.append("")
        elif token.type == "inline":
            text = " ".join(line.strip() for line in token.content.split("\n") if line.strip())
            if kind == "p":
                texts.append(text)
            elif texts:
                texts[-1] = f"{texts[-1]} {text}".strip()
        elif token.level == 0 and token.nesting == -1:
            blocks.append((kind, start, texts))
    return blocks


def prose(value: Any) -> Markup:
    """Pack Markdown as HTML: <p>, <ul>, <ol>, <li>, <strong>, <em> and <code> only; text is escaped."""
    tokens = _prose_tokens(value)
    for token in tokens:
        # One top-level block a line, nothing between the tags inside it.
        token.block = token.level == 0 and token.nesting == -1
    return Markup(_PROSE.renderer.render(tokens, _PROSE.options, {}).rstrip("\n"))


def md_prose(value: Any) -> Markup:
    """Pack Markdown for a Markdown report: emphasis, code and lists kept; HTML, links, images, tables
    and headings neutralised."""
    out = []
    for kind, start, parts in _prose_blocks(value):
        cleaned = [_MD_LINE_START.sub(_escape_line_start, re.sub(r"([\[\]|\\])", r"\\\1", _html_entities(p)))
                   for p in parts]
        if kind == "ul":
            out.append("\n".join(f"- {item}" for item in cleaned))
        elif kind == "ol":
            out.append("\n".join(f"{start + n}. {item}" for n, item in enumerate(cleaned)))
        else:
            out.append(cleaned[0])
    return Markup("\n\n".join(out))


def num(value: float | None) -> str:
    """Points as people write them: 10, 7.5, 3.33 (no trailing zeros)."""
    if value is None:
        return ""
    rounded = round(float(value), 2)
    lang = report_language()
    if lang != "en":
        # The decimal mark of the report's language (ru: 7,5), by Babel; no digit grouping, as in English.
        from babel.numbers import format_decimal

        return str(format_decimal(rounded, format="0.##", locale=babel_locale(lang)))
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
    lang = report_language()
    if lang != "en":
        # The day and month as the report's language writes them (Babel), with the pack's UTC offset.
        from babel.dates import format_datetime

        zone = moment.strftime("%z")
        offset = "UTC" if zone in ("", "+0000") else f"UTC{zone[:3]}:{zone[3:]}"
        return f"{format_datetime(moment, 'd MMM y, HH:mm', tzinfo=moment.tzinfo, locale=babel_locale(lang))} {offset}"
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
