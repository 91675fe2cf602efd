"""`cyberdrill schema [pack|script] [-o FILE]`: the pack format's JSON Schema, for editors (see
docs/pack-format.md, "Editor support")."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """Print (or write to FILE) the JSON Schema of a pack file or of a script."""
    from cyberdrill.pack.json_schema import schema_text

    text = schema_text(args.kind)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        print(f"wrote the {args.kind} schema to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
