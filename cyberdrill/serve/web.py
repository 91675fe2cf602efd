"""Web seats: textual-serve runs the served seat app for each browser visitor, on this machine.

Every visitor gets the same command, a seat that asks for team id and access code first (tui/served.py),
so no code ever travels in a URL. TLS when given a certificate and key (aiohttp's ssl_context).
"""

from __future__ import annotations

import shlex
import ssl
import sys

from aiohttp import web
from textual_serve.server import Server


class SeatWebServer(Server):
    """textual-serve's server without its start-up banner (serve prints its own lines)."""

    async def on_startup(self, app: web.Application) -> None:
        return


async def aiohttp_app(server: Server) -> web.Application:
    """textual-serve's aiohttp application for `server`, to run under a runner of ours: its `serve()`
    would own the event loop, which the SSH seats and the clock share. textual-serve (1.1, and its main
    branch as of this writing) offers no public way to get the application, so this is the one place
    that reaches its private `_make_app`; tests/serve/test_web.py fails loudly when that changes."""
    make = getattr(server, "_make_app", None)
    if make is None:
        raise RuntimeError("this textual-serve has no Server._make_app: cyberdrill serve --web needs a fix "
                           "for this textual-serve release")
    app = await make()
    if not isinstance(app, web.Application):
        raise RuntimeError(f"textual-serve's Server._make_app returned {type(app).__name__}, not an aiohttp app")
    return app


def web_command(session: str, packs: str | None) -> str:
    """The shell command textual-serve starts per visitor: a seat that logs in first."""
    argv = [sys.executable, "-m", "cyberdrill.serve.seat_app", session]
    return shlex.join(argv + (["--packs", packs] if packs else []))


async def start_web(host: str, port: int, session: str, *, packs: str | None = None, cert: str | None = None,
                    key: str | None = None, public_url: str | None = None) -> web.AppRunner:
    """Listen for browser seats on host:port; the runner to `cleanup()` when serve stops."""
    scheme = "https" if cert else "http"
    shown = f"[{host}]" if ":" in host else host
    server = SeatWebServer(web_command(session, packs), host=host, port=port, title="cyberdrill seat",
                           public_url=(public_url or f"{scheme}://{shown}:{port}").rstrip("/"))
    runner = web.AppRunner(await aiohttp_app(server), handle_signals=False)
    await runner.setup()
    context: ssl.SSLContext | None = None
    if cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
    await web.TCPSite(runner, host, port, ssl_context=context).start()
    return runner
