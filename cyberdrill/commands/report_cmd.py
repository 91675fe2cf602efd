"""`cyberdrill report SESSION`: a stored session's score report or after-action report.

Opens the store, finds the pack the session was played with (its recorded path, else the bundled pack
of that id), replays the log through the service and renders the scorecard. Problems a user can fix
(unknown session, missing pack, unknown team, missing template folder) are one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cyberdrill.report import ReportError
from cyberdrill.service import SessionNotStarted, SessionPackProblem


class ReportProblem(Exception):
    """Something the user can fix; its message is printed as one line."""


def render_session(args: argparse.Namespace) -> str:
    """The report `args` ask for, as text. Raises ReportProblem or ReportError."""
    from cyberdrill.report import render_report
    from cyberdrill.service import DrillService, load_session_pack
    from cyberdrill.store import open_log

    if args.template is not None and not Path(args.template).is_dir():
        raise ReportProblem(f"templates folder {args.template} does not exist")
    try:
        log = open_log(args.db)
    # A bad URL, an unreachable server, a newer schema: whatever the driver raises is one line for the user
    # (naming SQLAlchemy's exceptions here would import it outside store/).
    except Exception as exc:
        raise ReportProblem(f"cannot open the database: {exc}") from None
    try:
        info = log.session(args.session)
    except KeyError:
        raise ReportProblem(f"no session {args.session!r} in the database (see `cyberdrill sessions`)") from None
    loaded = load_session_pack(info)
    if info.pack_hash and loaded.content_hash != info.pack_hash:
        print(f"cyberdrill report: warning: pack {info.pack} changed since session {info.id} was played",
              file=sys.stderr)
    drill = DrillService(log, loaded).open(info.id)
    events = [event for _, event in log.read(info.id)]
    return render_report(
        drill.scorecard(),
        loaded,
        args.format,
        template_dir=args.template,
        team=args.team,
        ranking=args.ranking,
        events=events,
    )


def run(args: argparse.Namespace) -> int:
    """Render the report to `-o FILE` or standard output; 1 with a one-line message on a problem."""
    try:
        text = render_session(args)
    except (ReportProblem, ReportError, SessionPackProblem, SessionNotStarted) as exc:
        print(f"cyberdrill report: error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        # newline="": the CSV's CRLF row ends are written as they are, on every platform.
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        print(f"cyberdrill report: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
