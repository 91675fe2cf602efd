"""The pack format as JSON Schema, generated from the pydantic models, for editors: with the YAML language
server an author gets completion, hover text and errors while typing, before `cyberdrill validate`.

Three schemas: one for any pack file (a mapping of sections; which file holds which section is the author's
choice, so no section is required in a single file: `validate` checks the merged pack) and one for a script
(`solution.yaml`, `scripts/*.yaml`: a list of timed actions and marks), and one for a translation file
(`translations/<lang>.yaml`: the pack's texts in another language, keyed by its ids). docs/pack-format.md
shows how to use them; docs/schema/ holds the generated files (a test keeps them in sync) and `cyberdrill
schema` prints them. The schema checks shape only: references between ids, templates and the procedure's
logic are `validate`'s.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from cyberdrill.pack.model import Pack, ScriptEntry

SchemaKind = Literal["pack", "script", "translation"]
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def pack_file_schema() -> dict[str, Any]:
    """The schema of one pack file: any of the pack's sections, each in the format's shape."""
    schema = Pack.model_json_schema(by_alias=True)
    schema.pop("required", None)
    return {"$schema": DRAFT, "title": "cyberdrill pack file",
            "description": "A file of a cyberdrill pack: a mapping of some of the pack's sections. "
                           "Run `cyberdrill validate PACK` for the checks a schema cannot make.",
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def script_schema() -> dict[str, Any]:
    """The schema of a script file: a list of `{at, team, action, fields}` or `{at, team, mark, points}`."""
    entry = ScriptEntry.model_json_schema(by_alias=True)
    defs = entry.pop("$defs", {})
    return {"$schema": DRAFT, "title": "cyberdrill script",
            "description": "A script of timed actions and marks (a pack's solution.yaml or scripts/*.yaml).",
            "type": "array", "items": entry, **({"$defs": defs} if defs else {})}


def translation_schema() -> dict[str, Any]:
    """The schema of a translation file: `language` and the translated texts by section and id."""
    from cyberdrill.pack.translations import Translation

    schema = Translation.model_json_schema(by_alias=True)
    return {"$schema": DRAFT, "title": "cyberdrill translation",
            "description": "A pack's texts in another language (translations/<lang>.yaml); ids are the pack's. "
                           "Run `cyberdrill validate PACK` for missing and stale entries and the templates.",
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def schema_text(kind: SchemaKind) -> str:
    """The schema as the committed file holds it: indented JSON, one final newline."""
    schema = {"pack": pack_file_schema, "script": script_schema, "translation": translation_schema}[kind]()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
