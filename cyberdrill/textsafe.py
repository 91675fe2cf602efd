"""Text typed by trainees or written in packs is data: the rules for what of it may reach a terminal.

Pure and light (standard library only), so the engine's boundary, the CLI's output and the consoles all use
the same definition of a control character. A console wraps text in a Rich `Text` (see `tui/inert.py`);
this module only decides which characters may pass at all.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and the C1 range: ESC-led sequences (OSC 0/8/52, CSI 2J ...) and
# their 8-bit forms. A carriage return is a control too: on a terminal it overwrites the line.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees (a "Trojan Source" line).
# Zero-width characters are kept: Thai text legitimately carries U+200B as a word break.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def control_characters(text: str) -> list[str]:
    """The distinct control characters in `text`, as U+XXXX names (empty when the text is clean)."""
    found = {f"U+{ord(ch):04X}" for ch in _CONTROLS.findall(text)} | {f"U+{ord(ch):04X}" for ch in _BIDI.findall(text)}
    return sorted(found)


def strip_controls(text: str) -> str:
    """`text` without control characters (tab and newline kept; a CR LF pair becomes one newline)."""
    text = text.replace("\r\n", "\n")
    return _BIDI.sub("", _CONTROLS.sub("", text))


def for_terminal(text: str) -> str:
    """A line safe to print to a terminal: controls stripped (tabs and newlines kept)."""
    return strip_controls(text)
