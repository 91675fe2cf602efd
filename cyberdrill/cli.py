"""The `cyberdrill` command. Each subcommand's work lives in `cyberdrill.commands.<name>` and is imported
only when that subcommand runs, so `cyberdrill validate` never pays for Textual or SQLModel."""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import BinaryIO, TextIO

from cyberdrill import __version__

DB_HELP = "database URL (default: $CYBERDRILL_DB, else a SQLite file in your data folder)"
TEAM_LANG_HELP = ("TEAM=LANG: the language that team's messages are written in, for a new session (repeatable; "
                  "default: the pack's teams[].language)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cyberdrill",
        description="Procedure-scored cross-border incident-response drills in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"cyberdrill {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("play", help="open the drill console (launcher, team and instructor consoles)")
    p.add_argument("pack", nargs="?", help="a pack folder (default: the bundled flagship pack)")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--seed", type=int, help="seed for a new session's world")
    p.add_argument("--packs", metavar="DIR", help="also list the packs found in this folder")
    p.add_argument("--lang", choices=("en", "ru", "th"),
                   help="the consoles' language (default: $CYBERDRILL_LANG, else the locale, else en)")

    p = sub.add_parser("join", help="one team's console on a shared session (multi-seat)")
    p.add_argument("session", help="session id (or a unique prefix)")
    p.add_argument("--team", required=True, help="team id")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--packs", metavar="DIR", help="also look for the session's pack in this folder")
    p.add_argument("--lang", choices=("en", "ru", "th"),
                   help="the consoles' language (default: $CYBERDRILL_LANG, else the locale, else en)")

    p = sub.add_parser("host", help="drive a shared session's clock headless (no console)")
    p.add_argument("session", help="session id (or a unique prefix)")
    p.add_argument("--db", help=DB_HELP)

    p = sub.add_parser("serve", help="serve team seats over SSH and the web with per-team access codes")
    p.add_argument("session", help="session id (or a unique prefix)")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--ssh", metavar="ADDR:PORT", help="serve SSH seats here (e.g. 127.0.0.1:2222)")
    p.add_argument("--web", metavar="ADDR:PORT", help="serve browser seats here (e.g. 127.0.0.1:8080)")
    p.add_argument("--cert", metavar="FILE", help="TLS certificate (PEM) for --web")
    p.add_argument("--key", metavar="FILE", help="TLS private key (PEM) for --web")
    p.add_argument("--public-url", metavar="URL",
                   help="the web seats' address as browsers reach it (behind a proxy, or when --web binds 0.0.0.0)")
    p.add_argument("--codes-out", metavar="FILE", help="write each team's code and address here (JSON, mode 0600)")
    p.add_argument("--rotate", metavar="TEAM", action="append", default=[],
                   help="issue a new access code for TEAM (repeatable; 'all' for every team)")
    p.add_argument("--passphrase-file", metavar="FILE",
                   help="the instructor passphrase to set when the session has none (first line of FILE)")
    p.add_argument("--packs", metavar="DIR", help="also look for the session's pack in this folder")

    p = sub.add_parser("validate", help="check packs; print FILE:LINE:COL: error: MESSAGE for each problem")
    p.add_argument("packs", nargs="+", metavar="PACK", help="pack folder(s)")
    p.add_argument("--languages", action="store_true",
                   help="also print each pack's translation coverage per language (texts translated / total)")

    p = sub.add_parser("new", help="scaffold a small valid pack to edit")
    p.add_argument("dir", help="folder to create")

    p = sub.add_parser("schema", help="print the pack format's JSON Schema, for editors (YAML language server)")
    p.add_argument("kind", nargs="?", choices=["pack", "script", "translation"], default="pack",
                   help="a pack file (default), a script (solution.yaml, scripts/*.yaml) or a translation file "
                        "(translations/<lang>.yaml)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")

    p = sub.add_parser("run", help="play a script of timed actions headless and print the scorecard")
    p.add_argument("pack", help="pack folder, or the id of a bundled pack")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--script", metavar="FILE",
                     help="YAML script of timed actions, or the name of one of the pack's scripts/")
    src.add_argument("--solution", action="store_true", help="play the pack's reference solution")
    p.add_argument("--seed", type=int, default=None, help="seed for the world (default 1)")
    p.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    p.add_argument("--events", metavar="FILE", help="write the event log as JSON lines")
    p.add_argument("--db", help="store the session in this database (default: in memory)")
    p.add_argument("--session", help="continue this stored session (needs --db or $CYBERDRILL_DB)")
    p.add_argument("--teams", metavar="ID[,ID]",
                   help="play only these teams (the others are answered by their stand-in rules)")
    p.add_argument("--lang", action="append", metavar="TEAM=LANG", dest="team_lang", help=TEAM_LANG_HELP)

    p = sub.add_parser("report", help="render a session's score report or after-action report")
    p.add_argument("session", nargs="?", help="session id (or a unique prefix)")
    p.add_argument("--compare", nargs="+", metavar="SESSION",
                   help="compare sessions of one pack: each team's trend by objective (html, md or json)")
    p.add_argument("--lang", help="the report's language: en, ru or th (default: $CYBERDRILL_LANG, the locale)")
    p.add_argument("--format", choices=["html", "md", "json", "csv"], default="html")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--team", help="only this team")
    p.add_argument("--template", metavar="DIR", help="templates folder overriding the pack's and the defaults")
    p.add_argument("--ranking", action="store_true", help="add a ranking of the teams")
    p.add_argument("--db", help=DB_HELP)

    p = sub.add_parser("sessions", help="list stored sessions")
    p.add_argument("--db", help=DB_HELP)

    p = sub.add_parser("export", help="write a session's event log as JSON lines")
    p.add_argument("session")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--db", help=DB_HELP)

    p = sub.add_parser("import", help="restore a session from an exported event log, checked by replaying it")
    p.add_argument("file")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--packs", metavar="DIR", help="also look for the session's pack in this folder")
    return parser


# The consoles own the terminal (Textual writes its own escape sequences); every other command's output
# goes through TerminalSafe.
CONSOLES = frozenset({"play", "join", "serve"})


class TerminalSafe(io.TextIOBase):
    """A text stream that passes everything but control characters on to `stream` (textsafe's
    definition: ESC-led title, clipboard, hyperlink and screen-clearing sequences never reach the
    terminal byte for byte). Tabs, newlines and CR LF row ends (CSV) are kept."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        from cyberdrill.textsafe import for_terminal

        self.stream.write("\r\n".join(for_terminal(part) for part in text.split("\r\n")))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def buffer(self) -> BinaryIO:
        """The raw byte stream, for data written on purpose (`export` to a pipe)."""
        return self.stream.buffer

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


def _one_line(command: str, error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"cyberdrill {command}: error: {text}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status. Store faults, lost races and a taken seat that reach here
    are one line on stderr (exit 1); a closed pipe (`| head`) ends the command quietly, as Unix tools do."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(f"cyberdrill.commands.{args.command}_cmd")
    streams = sys.stdout, sys.stderr
    if args.command not in CONSOLES:
        sys.stdout, sys.stderr = TerminalSafe(sys.stdout), TerminalSafe(sys.stderr)
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader left: say nothing, and keep Python from complaining about the unflushed rest at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, streams[0].fileno())
        return 141
    except Exception as error:
        if not _is_user_facing(error):
            raise
        print(_one_line(args.command, error), file=streams[1])
        return 1
    finally:
        sys.stdout, sys.stderr = streams


def _is_user_facing(error: Exception) -> bool:
    """Errors whose message is meant for the user: no traceback helps them."""
    from cyberdrill.engine.commands import CommandRefused
    from cyberdrill.store.base import SeqConflict
    from cyberdrill.store.errors import StoreError
    from cyberdrill.store.seats import SeatTaken

    # CommandRefused: the engine's answer to a race lost to another writer (e.g. it ended the session).
    return isinstance(error, StoreError | SeqConflict | SeatTaken | CommandRefused)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
