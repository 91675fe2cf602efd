"""`cyberdrill serve`'s main loop: the clock host thread, the SSH seats and the web seats, until Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cyberdrill.store.base import EventLog


@dataclass(frozen=True)
class ServeOptions:
    """What to serve: the session, its database, where to listen."""

    session: str
    db: str | None
    ssh: tuple[str, int] | None = None
    web: tuple[str, int] | None = None
    cert: str | None = None
    key: str | None = None
    packs: str | None = None
    public_url: str | None = None


def serve(options: ServeOptions, log: EventLog) -> int:
    """Serve until Ctrl-C or SIGTERM (0)."""
    if options.db:
        # The seats' processes run here and read the database URL from this process's environment; it
        # is never sent to a trainee.
        os.environ["CYBERDRILL_DB"] = options.db
    return asyncio.run(_serve(options))


async def _serve(options: ServeOptions) -> int:
    from cyberdrill.serve.clock import ClockHost

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    clock = ClockHost(options.db, options.session, Path(options.packs) if options.packs else None,
                      say=lambda line: print(line, flush=True))
    clock.start()
    closers: list[Any] = []
    relay = None
    try:
        if options.ssh:
            from cyberdrill.serve.hostkey import fingerprint
            from cyberdrill.serve.ssh import start_ssh

            host, port = options.ssh
            acceptor, relay = await start_ssh(host, port, options.session, packs=options.packs, db=options.db)
            closers.append(acceptor)
            print(f"SSH seats on {host}:{port} (ssh TEAM@{host} -p {port}; host key {fingerprint()})", flush=True)
        if options.web:
            from cyberdrill.serve.web import start_web

            host, port = options.web
            runner = await start_web(host, port, options.session, packs=options.packs, cert=options.cert,
                                     key=options.key, public_url=options.public_url)
            closers.append(runner)
            print(f"web seats on {'https' if options.cert else 'http'}://{host}:{port}/", flush=True)
        print("serving; Ctrl-C stops", flush=True)
        said_end = False
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
            if clock.ended.is_set() and not said_end:
                print("the session has ended; seats stay open for the debrief until Ctrl-C", flush=True)
                said_end = True
    finally:
        clock.stop()
        if relay is not None:
            relay.hang_up_all()
        for closer in closers:
            if hasattr(closer, "cleanup"):
                await closer.cleanup()
            else:
                closer.close()
                await closer.wait_closed()
        await loop.run_in_executor(None, clock.join, 3.0)
    print("serve stopped", flush=True)
    return 0
