"""What can go wrong opening or using a database, as the user should hear it. No SQL here: commands
catch these without importing the database layer."""

from __future__ import annotations


class StoreError(Exception):
    """A database problem with a message meant for the user (no traceback needed)."""


class StoreUnavailable(StoreError):
    """The database cannot be opened: no server, wrong URL, unreadable file."""


class StoreBusy(StoreError):
    """The database stayed locked by another process for longer than any drill transaction takes."""
