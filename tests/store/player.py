"""A console-like player process for the resume test: opens (or starts) a stored session of a pack and
plays a script entry by entry, printing `entry INDEX SEQ` (flushed) once each entry is committed, then
pausing PAUSE seconds as a person at a console would.

usage: python player.py URL PACK_DIR SCRIPT PAUSE
"""

from __future__ import annotations

import sys
import time

from cyberdrill.pack.load import load_pack
from cyberdrill.script import load_script, play_script
from cyberdrill.service import DrillService
from cyberdrill.store import open_log


def main(url: str, pack: str, script: str, pause: float) -> None:
    drill = DrillService(open_log(url), load_pack(pack)).start(seed=1)
    print(f"session {drill.session_id}", flush=True)
    entries = sorted(load_script(script), key=lambda e: e.at)
    for index, entry in enumerate(entries):
        refused = play_script(drill, [entry], end=False)
        assert not refused, refused
        print(f"entry {index} {drill.seq}", flush=True)
        time.sleep(pause)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))
