"""`cyberdrill import FILE [--db URL] [--packs DIR]`: restore a session from a `cyberdrill export` file,
once the engine has replayed it and agrees with every line (cyberdrill/import_check.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    """Import the file's session; 1 with a one-line message if the file is not what the engine would
    have written (FILE:LINE: error: ...), its pack is not found, or the database already holds it."""
    from cyberdrill.import_check import import_file
    from cyberdrill.service import SessionPackProblem
    from cyberdrill.store import SessionExists, StoreError, open_log
    from cyberdrill.store.export import ExportError
    from cyberdrill.textsafe import for_terminal

    try:
        with open(args.file, encoding="utf-8", newline="") as source:
            lines = source.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        print(f"cyberdrill import: cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    search = [Path(args.packs)] if args.packs else []
    try:
        log = open_log(args.db)
        imported = import_file(log, lines, source=args.file, search=search)
    except SessionExists as error:
        print(f"cyberdrill import: {error}; nothing imported (to keep both, import into another database "
              "with --db)", file=sys.stderr)
        return 1
    except ExportError as error:
        print(for_terminal(f"{error}; nothing imported"), file=sys.stderr)
        return 1
    except (SessionPackProblem, StoreError) as error:
        print(for_terminal(f"cyberdrill import: {error}; nothing imported"), file=sys.stderr)
        return 1
    for note in imported.notes:
        print(f"cyberdrill import: note: {note}", file=sys.stderr)
    info = imported.info
    print(f"imported session {info.id}: pack {info.pack} {info.pack_version}, {info.last_seq} events, {info.status}")
    return 0
