"""A console-like reader for the live-update test: polls a session's log and prints each new event's
seq and action id as it appears, until it has seen COUNT events.

usage: python watcher.py URL SESSION COUNT
"""

from __future__ import annotations

import sys
import time

from cyberdrill.store import open_log


def main(url: str, session: str, count: int) -> None:
    log = open_log(url)
    print("ready", flush=True)
    seen = 0
    while seen < count:
        for seq, event in log.read(session, seen):
            print(seq, getattr(event, "action_id", "-"), flush=True)
            seen = seq
        time.sleep(0.05)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
