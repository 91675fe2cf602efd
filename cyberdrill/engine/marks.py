"""`N_`: marks an engine message template for the consoles' catalogues, without translating it.

The engine stays pure and English: it formats its messages from templates marked with `N_` (parameters
by name, `N_("{value} is not an IPv4 address").format(value=...)`). A console shows such a message in the
seat's language by matching it against the catalogue's templates (cyberdrill/tui/problems.py) and
formatting the translated template with the same parameters.
"""

from __future__ import annotations


def N_(template: str) -> str:
    """`template`, unchanged (Babel extracts it; the console translates it)."""
    return template
