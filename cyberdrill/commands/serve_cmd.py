"""`cyberdrill serve SESSION [--ssh ADDR:PORT] [--web ADDR:PORT] [--codes-out FILE] [--rotate TEAM]`.

Run on the instructor's (or a server's) machine. Every seat's console runs here, one process per seat;
trainees reach theirs over SSH or in a browser with their team's access code, and never hold the
database. Without --ssh or --web it only issues codes (on first use, or --rotate) and exits.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberdrill.store.base import EventLog, SessionInfo

ALL_TEAMS = "all"


def split_address(text: str, option: str) -> tuple[str, int]:
    """`ADDR:PORT` (or `:PORT`, meaning 127.0.0.1) as (host, port); ValueError saying what is wrong."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{option} {text!r}: expected ADDR:PORT, e.g. 127.0.0.1:2222")
    return (host.strip("[]") or "127.0.0.1"), int(port)


def seat_urls(teams: list[str], ssh: tuple[str, int] | None, web: tuple[str, int] | None,
              tls: bool) -> dict[str, str]:
    """Where each team's seat is reached: the web address when serving one, else the SSH one."""
    if web is not None:
        host, port = web
        return dict.fromkeys(teams, f"{'https' if tls else 'http'}://{_shown(host)}:{port}/")
    if ssh is not None:
        host, port = ssh
        return {team: f"ssh://{team}@{_shown(host)}:{port}" for team in teams}
    return dict.fromkeys(teams, "")


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def codes_to_issue(info: SessionInfo, rotate: list[str]) -> list[str]:
    """The teams that get a new code now: those named by --rotate, and any that has none yet."""
    from cyberdrill.serve.access import stored_codes

    named = list(info.teams) if ALL_TEAMS in rotate else [team for team in rotate if team != ALL_TEAMS]
    have = stored_codes(info)
    return list(dict.fromkeys([*named, *(team for team in info.teams if team not in have)]))


def ensure_passphrase(log: EventLog, info: SessionInfo, passphrase_file: str | None) -> str | None:
    """Give the instructor seat a passphrase when the session has none (asked on the terminal, or read
    from --passphrase-file). None when all is well, else why not."""
    from cyberdrill.service import needs_passphrase, passphrase_settings

    if needs_passphrase(info):
        return None
    if passphrase_file:
        try:
            lines = Path(passphrase_file).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            return f"--passphrase-file: {error.strerror}: {passphrase_file}"
        passphrase = lines[0] if lines else ""
    elif sys.stdin.isatty():
        print(f"Session {info.id} has no instructor passphrase: set one to guard the instructor seat.")
        passphrase = getpass.getpass("New instructor passphrase: ")
        if passphrase != getpass.getpass("Again: "):
            return "the two passphrases differ"
    else:
        return "the session has no instructor passphrase: give one with --passphrase-file FILE"
    if len(passphrase) < 8:
        return "an instructor passphrase has at least 8 characters"
    info.settings = {**info.settings, **passphrase_settings(passphrase)}
    log.update_session(info)
    return None


def run(args: argparse.Namespace) -> int:
    """Issue codes, then serve seats until Ctrl-C (0) or the session ends (0); 1 or 2 on a problem."""
    from cyberdrill.serve.access import codes_file, issue_codes, write_private
    from cyberdrill.store import StoreError, open_log

    try:
        ssh = split_address(args.ssh, "--ssh") if args.ssh else None
        web = split_address(args.web, "--web") if args.web else None
    except ValueError as error:
        print(f"cyberdrill serve: {error}", file=sys.stderr)
        return 2
    if bool(args.cert) != bool(args.key) or (args.cert and web is None):
        print("cyberdrill serve: --cert and --key go together, with --web", file=sys.stderr)
        return 2
    try:
        log = open_log(args.db)
        info = log.session(args.session)
        problem = ensure_passphrase(log, info, args.passphrase_file) if (ssh or web) else None
        if problem:
            print(f"cyberdrill serve: {problem}", file=sys.stderr)
            return 1
        fresh = issue_codes(log, info.id, codes_to_issue(info, args.rotate))
    except StoreError as error:
        print(f"cyberdrill serve: {error}", file=sys.stderr)
        return 1
    except KeyError as unknown:  # an unknown session or team: the message says which
        print(f"cyberdrill serve: {unknown.args[0] if unknown.args else unknown}", file=sys.stderr)
        return 1

    urls = seat_urls(info.teams, ssh, web, tls=bool(args.cert))
    print(f"session {info.id} ({info.pack} {info.pack_version}): access codes")
    for team in info.teams:
        code = fresh.get(team, "(issued earlier; --rotate " + team + " for a new one)")
        print(f"  {team:<20} {code}  {urls[team]}".rstrip())
    if args.codes_out:
        write_private(Path(args.codes_out), codes_file(fresh, urls))
        print(f"codes written to {args.codes_out} (readable by you only)")
    if ssh is None and web is None:
        return 0

    from cyberdrill.serve.runner import ServeOptions, serve

    db_url = args.db or os.environ.get("CYBERDRILL_DB")
    return serve(ServeOptions(session=info.id, db=db_url, ssh=ssh, web=web, cert=args.cert, key=args.key,
                              packs=args.packs, public_url=args.public_url), log)
