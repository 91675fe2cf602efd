"""The quote picker's insert into a list field: a quoted value after an item becomes a new item, whatever
the item ends with (a company name ending "Co., Ltd." too), and never doubles a separator."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from cyberdrill.tui.forms.fields import insert_quote


class _ListField(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(classes="-list")


@pytest.mark.parametrize(("typed", "expected"), [
    ("", "203.0.113.7"),
    ("Example Co., Ltd.", "Example Co., Ltd., 203.0.113.7"),
    ("198.51.100.1", "198.51.100.1, 203.0.113.7"),
    ("198.51.100.1, ", "198.51.100.1, 203.0.113.7"),
    ("198.51.100.1,", "198.51.100.1,203.0.113.7"),
])
async def test_a_quoted_value_after_an_item_is_a_new_item(typed: str, expected: str) -> None:
    app = _ListField()
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        field.value = typed
        field.cursor_position = len(typed)
        insert_quote(field, "203.0.113.7")
        await pilot.pause()
        assert field.value == expected
