"""The process behind one served seat: `python -m cyberdrill.serve.seat_app SESSION [--seat TEAM|instructor]`.

Started by `cyberdrill serve` only (in a PTY for an SSH seat, by textual-serve for a web seat), on the
serving machine: the database URL comes from $CYBERDRILL_DB in the server's own environment and never
leaves it. Without --seat the seat asks for team and access code first (the web).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Run one served seat until its user quits (0), or it crashed (non-zero)."""
    parser = argparse.ArgumentParser(prog="cyberdrill-seat")
    parser.add_argument("session")
    parser.add_argument("--seat", help="a team id or 'instructor' (already let in); none: ask first")
    parser.add_argument("--packs", metavar="DIR")
    args = parser.parse_args(argv)
    from cyberdrill.tui.app import run_console
    from cyberdrill.tui.served import served_app

    app = served_app(args.session, args.seat, os.environ.get("CYBERDRILL_DB"),
                     Path(args.packs) if args.packs else None)
    return run_console(app)


if __name__ == "__main__":
    sys.exit(main())
