"""`cyberdrill report SESSION`: a stored session's score report or after-action report.

Opens the store, finds the pack the session was played with (its recorded path, else the bundled pack
of that id), replays the log through the service and renders the scorecard; `--compare` does so for several
sessions of one pack and renders their trend; `--lang` chooses the report's language. Problems a user can fix
(unknown session, missing pack, unknown team, missing template folder) are one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyberdrill.report import ReportError

if TYPE_CHECKING:
    from cyberdrill.report import Run
from cyberdrill.service import SessionNotStarted, SessionPackProblem


class ReportProblem(Exception):
    """Something the user can fix; its message is printed as one line."""


def _open(args: argparse.Namespace) -> Any:
    from cyberdrill.store import open_log

    try:
        return open_log(args.db)
    # A bad URL, an unreachable server, a newer schema: whatever the driver raises is one line for the user
    # (naming SQLAlchemy's exceptions here would import it outside store/).
    except Exception as exc:
        raise ReportProblem(f"cannot open the database: {exc}") from None


def _played(log: Any, session: str) -> tuple[Any, Run]:
    """The stored session `session` replayed: its info and what a report needs of it."""
    from cyberdrill.report import Run
    from cyberdrill.service import DrillService, load_session_pack

    try:
        info = log.session(session)
    except KeyError:
        raise ReportProblem(f"no session {session!r} in the database (see `cyberdrill sessions`)") from None
    loaded = load_session_pack(info)
    if info.pack_hash and loaded.content_hash != info.pack_hash:
        print(f"cyberdrill report: warning: pack {info.pack} changed since session {info.id} was played",
              file=sys.stderr)
    drill = DrillService(log, loaded).open(info.id)
    events = [event for _, event in log.read(info.id)]
    return info, Run(card=drill.scorecard(), events=events, loaded=loaded)


def _language(args: argparse.Namespace) -> str:
    from cyberdrill.i18n import resolve_language

    try:
        return resolve_language(getattr(args, "lang", None))
    except ValueError as exc:
        raise ReportProblem(str(exc)) from None


def render_session(args: argparse.Namespace) -> str:
    """The report `args` ask for, as text. Raises ReportProblem or ReportError."""
    from cyberdrill.report import render_comparison, render_report

    if args.template is not None and not Path(args.template).is_dir():
        raise ReportProblem(f"templates folder {args.template} does not exist")
    compared = getattr(args, "compare", None)
    if compared and args.session:
        raise ReportProblem("give either one SESSION or --compare SESSION SESSION…, not both")
    if not compared and not args.session:
        raise ReportProblem("name a SESSION (see `cyberdrill sessions`), or --compare SESSION SESSION…")
    lang = _language(args)
    log = _open(args)
    if compared:
        played = [_played(log, session) for session in dict.fromkeys(compared)]
        # In the order they were played: the trend reads left to right.
        played.sort(key=lambda pair: pair[0].created_at or "")
        return render_comparison([run for _, run in played], args.format, team=args.team, lang=lang,
                                 template_dir=args.template)
    _, run = _played(log, args.session)
    return render_report(
        run.card,
        run.loaded,
        args.format,
        template_dir=args.template,
        team=args.team,
        ranking=args.ranking,
        events=run.events,
        lang=lang,
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
