"""Refilling a DataTable from a list of rows without losing the trainee's place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable


def refill(table: DataTable[Any], rows: Sequence[tuple[str | None, tuple[Any, ...]]]) -> None:
    """Replace the table's rows with `rows` (key, cells); the cursor stays on its row by position (the
    lists are short and keep their order), clamped to the new length. A key must be unique by
    construction (an event id, a seq); None lets the table number the row, and the caller finds the
    item under the cursor by `table.cursor_row` in its own list."""
    row = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if table.row_count:
        table.move_cursor(row=min(max(row, 0), table.row_count - 1))
