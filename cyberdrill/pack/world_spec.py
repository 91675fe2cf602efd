"""How a pack describes the synthetic world of a run: generators, records, attachments."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator

from cyberdrill.pack.basics import Ident, Strict


class Generator(Strict):
    """One synthetic value. Exactly one of the generator keys is given.

    faker:    a Faker provider name (e.g. name, phone_number, address, company, ipv4_public, domain_name),
              called with `args`, in `locale` (default: the enclosing record's, then en_US). Only provider
              names from an allow-list are accepted: pack files are data, never code.
    choice:   one item of the list.
    sample:   `k` distinct items of the list, in random order.
    int:      [low, high], inclusive, rounded to `step`.
    number:   [low, high], rounded to `digits`.
    pattern:  '#' becomes a digit, '?' a letter, e.g. '###-#-#####-#'.
    template: Jinja2 text over the world generated so far (`{{ world.hoster.name }}`).
    value:    a constant.
    """

    faker: str | None = None
    args: dict[str, Any] = {}
    locale: str | None = None
    choice: list[Any] | None = None
    sample: list[Any] | None = None
    k: int | None = Field(None, ge=1)
    int_: list[int] | None = Field(None, alias="int", min_length=2, max_length=2)
    step: int = Field(1, ge=1)
    number: list[float] | None = Field(None, min_length=2, max_length=2)
    digits: int = Field(2, ge=0, le=6)
    pattern: str | None = Field(None, max_length=1_000)
    template: str | None = None
    value: Any = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Generator:
        given = [
            k
            for k in ("faker", "choice", "sample", "int_", "number", "pattern", "template", "value")
            if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of faker, choice, sample, int, number, pattern, template, value"
                + (f" (found {', '.join(g.rstrip('_') for g in given)})" if given else "")
            )
        if self.sample is not None and self.k is None:
            raise ValueError("sample needs k, the number of items to draw")
        if self.int_ is not None and self.int_[0] > self.int_[1]:
            raise ValueError("int: [low, high] with low <= high")
        return self


class Record(Strict):
    """A generated record (`count` absent) or list of records (`count` given) with named fields."""

    count: int | None = Field(None, ge=1, le=1000)
    locale: str | None = None
    fields: dict[Ident, Generator]


def _world_item_tag(value: Any) -> str:
    return "record" if isinstance(value, dict) and "fields" in value else "generator"


WorldItem = Annotated[
    Annotated[Record, Tag("record")] | Annotated[Generator, Tag("generator")],
    Discriminator(_world_item_tag),
]


class Attachment(Strict):
    """A file a team can read: a Jinja2 text template under the pack folder, rendered per run."""

    file: str  # relative to the pack root, must stay inside it
    title: str | None = None
    media_type: str = "text/plain"  # e.g. text/csv, message/rfc822
