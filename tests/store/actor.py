"""A console-like writer for the contention test: opens a stored session of the mini pack through the
service and takes COUNT actions as fast as it can, each decided by the engine and appended (a lost race
is the service's to retry). Prints `done N` at the end; any error reaches stderr.

usage: python actor.py URL SESSION WRITER COUNT
"""

from __future__ import annotations

import sys

from drills import mini

from cyberdrill.engine.commands import TakeAction
from cyberdrill.service import DrillService, wall_now
from cyberdrill.store import open_log


def main(url: str, session: str, writer: str, count: int) -> None:
    drill = DrillService(open_log(url), mini()).open(session)
    for n in range(count):
        drill.execute(TakeAction(at=0, wall_at=wall_now(), team="ru-cert", action="situation_report",
                                 fields={"report": f"{writer}-{n}"}))
    print(f"done {count}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
