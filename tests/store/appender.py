"""A writer process for the store tests: appends COUNT one-event transactions to SESSION, retrying on
SeqConflict like a console would, and prints each acknowledged seq on its own line (flushed) once the
append has returned, i.e. committed.

usage: python appender.py URL SESSION WRITER COUNT
"""

from __future__ import annotations

import sys

from cyberdrill.engine.events import ActionTaken
from cyberdrill.store import SeqConflict, open_log


def main(url: str, session: str, writer: str, count: int) -> None:
    log = open_log(url)
    seq = log.last_seq(session)
    for n in range(count):
        event = ActionTaken(t=n, action_id=f"{writer}-{n}", team=writer, action="note", fields={"n": n})
        while True:
            try:
                seq = log.append(session, seq, [event])
                break
            except SeqConflict:
                seq = log.last_seq(session)
        print(seq, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
