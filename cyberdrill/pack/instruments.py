"""The vocabulary of legal instruments `cites` matchers name: the bundled one (pack/data/instruments.yaml)
extended by the pack's own `instruments` section."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import Field

from cyberdrill.pack.basics import Ident, Strict

Alias = str | list[str]


class Instrument(Strict):
    """A legal instrument and the names people write for it; an alias that is a list needs all its parts in
    one clause."""

    name: str | None = None
    aliases: list[Alias] = Field(min_length=1)


@lru_cache(maxsize=1)
def bundled() -> dict[str, Instrument]:
    """The instruments cyberdrill knows without a pack's help."""
    text = resources.files("cyberdrill.pack").joinpath("data/instruments.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)["instruments"]
    return {ident: Instrument.model_validate(spec) for ident, spec in data.items()}


def vocabulary(own: dict[Ident, Instrument]) -> dict[str, tuple[Alias, ...]]:
    """Instrument id -> every alias: the bundled ones, then the pack's (a pack's instrument with a bundled
    id adds aliases to it)."""
    merged: dict[str, list[Alias]] = {k: list(v.aliases) for k, v in bundled().items()}
    for ident, instrument in own.items():
        merged.setdefault(ident.casefold(), []).extend(instrument.aliases)
    return {ident: tuple(aliases) for ident, aliases in merged.items()}
