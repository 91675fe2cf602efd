"""`cyberdrill host SESSION [--db URL]`: the headless clock driver of a shared session.

Every second it reads the exercise time off the clock state recorded in the log (started, paused,
speed), sends a Tick when the clock runs, so timed injects and deadlines fire, and prints what was
delivered. It stops when the session ends or on Ctrl-C, and waits out a database outage. It sits in
the session's "host" seat with a heartbeat: a second live host (or an instructor console driving the
clock) is refused, so no two processes drive one clock.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cyberdrill.engine.events import Event, InjectDelivered, SessionEnded

if TYPE_CHECKING:
    from cyberdrill.service import Drill
    from cyberdrill.store.base import EventLog

TICK_SECONDS = 1.0
# While the database is unreachable: first retry after this, doubling up to OUTAGE_MAX_WAIT_S.
OUTAGE_FIRST_WAIT_S = 0.25
OUTAGE_MAX_WAIT_S = 4.0


def describe(event: Event) -> str | None:
    """A line for an event worth showing on the host's terminal, else None."""
    from cyberdrill.pack.model import format_clock

    if isinstance(event, InjectDelivered):
        return (f"{format_clock(event.t)}  {event.sender} -> {', '.join(event.to)}  [{event.tlp}] "
                f"{event.subject}")
    if isinstance(event, SessionEnded):
        return f"{format_clock(event.t)}  session ended by {event.by}"
    return None


def _clock_note(drill: Drill) -> str:
    state = drill.state
    if state.ended:
        return "ended"
    if not state.clock_started:
        return "waiting for the instructor to start the clock"
    if not state.clock_running:
        return "clock paused"
    return f"clock running at x{state.speed:g}"


def run(args: argparse.Namespace) -> int:
    """Drive the session's clock until it ends (0), Ctrl-C (0), or another host takes over (1)."""
    from cyberdrill.service import DrillService, SessionNotStarted, SessionPackProblem, load_session_pack
    from cyberdrill.store import StoreError, open_log
    from cyberdrill.store.seats import HOST_SEAT, SeatTaken

    try:
        log = open_log(args.db)
        info = log.session(args.session)
        drill = DrillService(log, load_session_pack(info)).open(info.id)
    except (StoreError, SessionPackProblem, SessionNotStarted) as error:
        print(f"cyberdrill host: {error}", file=sys.stderr)
        return 1
    except KeyError as unknown:  # the store's UnknownSession says which id matched nothing, or several
        print(f"cyberdrill host: {unknown}", file=sys.stderr)
        return 1
    if drill.state.ended:
        print(f"cyberdrill host: session {info.id} has ended; nothing to drive", file=sys.stderr)
        return 1
    holder = f"cyberdrill host (pid {os.getpid()} on {socket.gethostname()})"
    try:
        log.claim_seat(info.id, HOST_SEAT, holder, exclusive=True)
    except SeatTaken as error:
        print(f"cyberdrill host: {error}", file=sys.stderr)
        return 1

    print(f"hosting session {info.id} ({info.pack} {info.pack_version}); Ctrl-C stops", flush=True)
    try:
        return drive(drill, log, holder)
    except SeatTaken as error:
        print(f"cyberdrill host: {error}; stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("host stopped; timed injects wait until a host drives the session again", flush=True)
        return 0
    finally:
        try:
            log.release_seat(info.id, HOST_SEAT, holder)
        except StoreError:  # the database is gone: the seat goes stale and is taken over after its timeout
            pass


def drive(drill: Drill, log: EventLog, holder: str, *, sleep: Callable[[float], None] = time.sleep,
          wall: Callable[[], datetime] = lambda: datetime.now(UTC)) -> int:
    """Tick the session's clock every TICK_SECONDS until it ends (0), printing what was delivered.

    A database that cannot be reached (StoreUnavailable) is waited out: one line on stderr when the
    outage begins, retries after OUTAGE_FIRST_WAIT_S doubling up to OUTAGE_MAX_WAIT_S (with jitter, so
    seats reconnecting after an outage do not all knock at once), one line when it is back. Nothing is
    lost by waiting: a Tick is decided again from the log as it is, so a Tick whose commit landed
    unseen delivers nothing twice. Raises SeatTaken when another host took over meanwhile."""
    from cyberdrill.engine.commands import Tick
    from cyberdrill.service import wall_now
    from cyberdrill.store import StoreUnavailable
    from cyberdrill.store.seats import HOST_SEAT

    note = ""
    outage_wait = 0.0
    while True:
        try:
            shown = drill.refresh()  # what consoles appended, replies they triggered included
            if drill.state.clock_running:
                at = drill.now(wall())
                if at > drill.state.t:
                    shown += drill.execute(Tick(at=at, wall_at=wall_now()))
            log.heartbeat(drill.session_id, HOST_SEAT, holder)
        except StoreUnavailable as error:
            if not outage_wait:
                print(f"cyberdrill host: database unreachable, retrying with backoff ({error})", file=sys.stderr,
                      flush=True)
            outage_wait = min(outage_wait * 2, OUTAGE_MAX_WAIT_S) if outage_wait else OUTAGE_FIRST_WAIT_S
            sleep(outage_wait * (0.5 + random.random()))
            continue
        if outage_wait:
            print("cyberdrill host: database reachable again; hosting on", file=sys.stderr, flush=True)
            outage_wait = 0.0
        for event in shown:
            line = describe(event)
            if line:
                print(line, flush=True)
        if drill.state.ended:
            return 0
        if _clock_note(drill) != note:
            note = _clock_note(drill)
            print(f"({note})", flush=True)
        sleep(TICK_SECONDS)
