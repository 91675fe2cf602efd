"""A matcher: one check of an action's field (steps, penalties, party rules, `published` conditions)."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from cyberdrill.pack.basics import Strict, Tlp


class Matcher(Strict):
    """One check of an action's field. Exactly one operator. Comparisons of text ignore case and
    surrounding space; values may be Jinja2 templates over the world.

    equals, one_of, not_one_of: the value (lists: the set of values) equals / is among / is not among;
    regex: the value matches (search);
    contains_all, contains_any, not_contains: text contains the substrings (lists: contain the items);
    tlp_at_least, tlp_at_most: a TLP label at least / at most as restrictive;
    present: the field is given and not empty (true) or absent/empty (false);
    names: the text names these world values (accounts, IPs, references, names, amounts), `need` of them;
    covers: the period the text states covers [from, to] (compared as instants, whatever the UTC offset);
    cites: the text cites these legal instruments ("untoc:18", "161-fz"), by any alias, `need` of them.
    Free text that carries no facts (filler, the field's own label) counts as not given.
    """

    equals: Any = None
    one_of: list[Any] | None = None
    not_one_of: list[Any] | None = None
    regex: str | None = None
    contains_all: list[Any] | None = None
    contains_any: list[Any] | None = None
    not_contains: list[Any] | None = None
    tlp_at_least: Tlp | None = None
    tlp_at_most: Tlp | None = None
    present: bool | None = None
    names: list[Any] | None = None
    covers: list[Any] | None = Field(None, min_length=2, max_length=2)
    cites: list[str] | None = Field(None, min_length=1)
    need: Literal["all", "any"] | int | None = None  # names, cites: how many must be there (default all)
    weight: float = Field(1, gt=0)
    hint: str | None = None  # what the team should have done, shown with the deduction

    OPERATORS: ClassVar[tuple[str, ...]] = (
        "equals",
        "one_of",
        "not_one_of",
        "regex",
        "contains_all",
        "contains_any",
        "not_contains",
        "tlp_at_least",
        "tlp_at_most",
        "present",
        "names",
        "covers",
        "cites",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Matcher:
        given = [k for k in self.OPERATORS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "a matcher gives exactly one of "
                + ", ".join(self.OPERATORS)
                + (f" (found {', '.join(given)})" if given else "")
            )
        if self.need is not None and given[0] not in ("names", "cites"):
            raise ValueError("need goes with names or cites")
        if isinstance(self.need, int) and not isinstance(self.need, bool) and self.need < 1:
            raise ValueError("need is all, any or a number of at least 1")
        if self.regex is not None:
            try:
                re.compile(self.regex)
            except re.error as exc:
                raise ValueError(f"regex is not a valid regular expression: {exc}") from None
        return self

    @property
    def operator(self) -> str:
        return next(k for k in self.OPERATORS if getattr(self, k) is not None)

    @property
    def operand(self) -> Any:
        return getattr(self, self.operator)
