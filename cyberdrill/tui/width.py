"""Display width of console text, in one place: Thai and Cyrillic columns and padding line up.

Measured on Debian 12 (tmux 3.3a, Rich 14, wcwidth 0.2/0.9): Rich's `cell_len` agrees with what tmux draws
for Thai: the above and below marks (ั ิ ี ึ ื ุ ู ็ ่ ้ ๊ ๋ ์) take no cell, sara am (ำ) and the spacing
vowels one, and Cyrillic one cell a letter. What broke alignment was Python's own `str.ljust`/`:<N` (which
counts code points, so a Thai word with marks came out short) and cutting a string by code points (which
can leave a mark without its consonant at the start of the next piece). `pad` and `clip` below count cells
and never split a consonant from its marks.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len


def width(text: str) -> int:
    """How many terminal cells `text` takes (combining marks none, wide CJK two)."""
    return cell_len(text)


def pad(text: str, cells: int) -> str:
    """`text` padded with spaces to `cells` cells (as `f"{text:<cells}"` would, counting cells)."""
    return text + " " * max(0, cells - cell_len(text))


def clip(text: str, cells: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `cells` cells, ending in `ellipsis` when cut; marks stay with their letter."""
    if cell_len(text) <= cells:
        return text
    room = cells - cell_len(ellipsis)
    out: list[str] = []
    used = 0
    for char in text:
        w = cell_len(char)
        if w == 0 or unicodedata.combining(char):
            if out:
                out.append(char)  # a mark belongs to the letter before it
            continue
        if used + w > room:
            break
        out.append(char)
        used += w
    return "".join(out) + ellipsis
