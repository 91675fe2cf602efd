"""`cyberdrill import FILE [--db URL]`: restore a session from a `cyberdrill export` file."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """Import the file's session; 1 with a message if the database already holds it or the file is
    not a valid export."""
    from cyberdrill.store import SessionExists, StoreError, open_log
    from cyberdrill.store.export import ExportError, import_lines

    try:
        with open(args.file, encoding="utf-8", newline="") as source:
            lines = source.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        print(f"cyberdrill import: cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    try:
        log = open_log(args.db)
        info = import_lines(log, lines, source=args.file)
    except SessionExists as error:
        print(f"cyberdrill import: {error}; nothing imported (to keep both, import into another database "
              "with --db)", file=sys.stderr)
        return 1
    except (ExportError, StoreError) as error:
        print(f"cyberdrill import: {error}", file=sys.stderr)
        return 1
    print(f"imported session {info.id}: pack {info.pack} {info.pack_version}, {info.last_seq} events, {info.status}")
    return 0
