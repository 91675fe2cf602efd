"""`cyberdrill play [PACK] [--db URL] [--seed N] [--packs DIR] [--lang en|ru|th]`: the launcher and the consoles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from cyberdrill.paths import resolve_pack
    from cyberdrill.tui.app import CyberdrillApp
    from cyberdrill.tui.options import PlayOptions

    pack = resolve_pack(args.pack) if args.pack else None
    if pack is not None and not (pack / "pack.yaml").is_file():
        print(f"cyberdrill play: no pack at {args.pack} (a pack folder holds a pack.yaml)", file=sys.stderr)
        return 2
    packs_dir = Path(args.packs) if args.packs else None
    if packs_dir is not None and not packs_dir.is_dir():
        print(f"cyberdrill play: --packs {args.packs} is not a folder", file=sys.stderr)
        return 2
    lang = getattr(args, "lang", None)
    CyberdrillApp(PlayOptions(pack=pack, db=args.db, seed=args.seed, packs_dir=packs_dir, lang=lang)).run()
    return 0
