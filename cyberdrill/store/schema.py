"""The database schema's version, and what an older or newer cyberdrill does about it.

Kept free of SQLModel so callers can catch `SchemaTooNew` without paying for the database import.
"""

from __future__ import annotations

from cyberdrill.store.errors import StoreError

# Bump on every change to store/tables.py, and teach `database.upgrade` how to bring an older database up.
#   1: sessions, seats, events, schema_version
#   2: commands (client command ids, unique per session; added by create_all)
SCHEMA_VERSION = 2


class SchemaTooNew(StoreError):
    """The database was written by a newer cyberdrill; this one must not touch it."""

    def __init__(self, found: int, supported: int = SCHEMA_VERSION) -> None:
        super().__init__(
            f"this database was written by a newer cyberdrill (schema {found}); upgrade cyberdrill "
            f"(this one understands schema {supported} and older)"
        )
        self.found = found
        self.supported = supported
