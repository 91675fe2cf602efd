"""TLP labels in FIRST's colours: the label's colour on black, never translated."""

from __future__ import annotations

from rich.text import Text

from cyberdrill.pack.vocab import TLP_COLOURS


def tlp_badge(label: str) -> Text:
    """A TLP label as FIRST prints it: coloured text on a black background."""
    colour = TLP_COLOURS.get(label, "#FFFFFF")
    return Text(f" {label} ", style=f"bold {colour} on #000000")
