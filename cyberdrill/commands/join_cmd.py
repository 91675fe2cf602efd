"""`cyberdrill join SESSION --team ID [--db URL] [--packs DIR] [--lang LANG]`: one team's shared console."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from cyberdrill.tui.app import CyberdrillApp
    from cyberdrill.tui.options import PlayOptions

    packs_dir = Path(args.packs) if getattr(args, "packs", None) else None
    if packs_dir is not None and not packs_dir.is_dir():
        print(f"cyberdrill join: --packs {args.packs} is not a folder", file=sys.stderr)
        return 2
    options = PlayOptions(db=args.db, join_session=args.session, join_team=args.team, packs_dir=packs_dir,
                          lang=getattr(args, "lang", None))
    CyberdrillApp(options).run()
    return 0
