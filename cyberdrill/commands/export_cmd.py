"""`cyberdrill export SESSION [-o FILE] [--db URL]`: a session's log as JSON lines (format: store/export.py
and docs/architecture.md)."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """Write the export to FILE or standard output; 1 with a message when the session is not found."""
    from cyberdrill.store import StoreError, open_log
    from cyberdrill.store.export import export_lines

    try:
        log = open_log(args.db)
        session = log.session(args.session).id
        lines = list(export_lines(log, session))
    except StoreError as error:
        print(f"cyberdrill export: {error}", file=sys.stderr)
        return 1
    except KeyError as unknown:  # the store's UnknownSession says which id matched nothing, or several
        print(f"cyberdrill export: {unknown}", file=sys.stderr)
        return 1
    data = "".join(lines).encode("utf-8")
    if args.output:
        # Bytes, not text mode: no newline translation, so the file is the same on every platform.
        with open(args.output, "wb") as out:
            out.write(data)
        print(f"exported session {session}: {len(lines) - 1} events to {args.output}", file=sys.stderr)
    elif sys.stdout.isatty():  # someone reads it: the text, without control characters (cli.TerminalSafe)
        sys.stdout.write("".join(lines))
    else:  # a pipe or a file: the export's bytes, exactly
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0
