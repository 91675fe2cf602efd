"""`cyberdrill join SESSION --team ID [--db URL]`: one team's console on a shared session."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from cyberdrill.tui.app import CyberdrillApp
    from cyberdrill.tui.options import PlayOptions

    CyberdrillApp(PlayOptions(db=args.db, join_session=args.session, join_team=args.team)).run()
    return 0
