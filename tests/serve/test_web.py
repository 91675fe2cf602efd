"""Web seats: a browser (Debian's chromium, driven by Playwright) logs in with team id and code, sends an
action and sees the reply; a wrong code is refused. What the browser paints is read from the bytes its
terminal is sent over the websocket, drawn on a pyte screen (xterm.js draws on a canvas)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyte
import pytest
from conftest import MINI
from playwright.sync_api import Page, WebSocket, sync_playwright
from test_serve_clock import free_port

from cyberdrill.engine.commands import FireInject, JumpClock
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService, wall_now
from cyberdrill.store.base import EventLog

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class BrowserScreen:
    """What the seat's terminal in the page shows: every frame its websocket receives, drawn by pyte."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        page.on("websocket", self._attach)

    def _attach(self, socket: WebSocket) -> None:
        # the page asks for its terminal's size in the websocket's address (?width=…&height=…)
        query = parse_qs(urlparse(socket.url).query)
        self.screen.resize(int(query.get("height", ["24"])[0]), int(query.get("width", ["80"])[0]))
        socket.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, text: str, seconds: float = 60.0) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if text in self.text:
                return self.text
            self.page.wait_for_timeout(150)
        self.page.screenshot(path=str(Path(os.environ.get("SEAT_SHOT_DIR", "/tmp")) / "seat-failed.png"))
        raise AssertionError(f"{text!r} not in the browser's terminal after {seconds:g} s:\n{self.text}")


@pytest.fixture
def web_seats(session: str, db_url: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`cyberdrill serve SESSION --web` on a free port: its address and the teams' codes."""
    (tmp_path / "passphrase").write_text("correct horse battery\n")
    port = free_port()
    codes_file = tmp_path / "codes.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "cyberdrill", "serve", session, "--db", db_url, "--web", f"127.0.0.1:{port}",
         "--passphrase-file", str(tmp_path / "passphrase"), "--codes-out", str(codes_file)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:  # stopped however the test ends, also when serve does not come up
        assert process.stdout is not None
        lines = [process.stdout.readline()]
        while "serving;" not in lines[-1] and lines[-1] and len(lines) < 20:
            lines.append(process.stdout.readline())
        assert any("web seats on" in line for line in lines), lines
        teams = json.loads(codes_file.read_text())["teams"]
        assert teams["ru-cert"]["url"] == f"http://127.0.0.1:{port}/"
        yield f"http://127.0.0.1:{port}/", {team: entry["code"] for team, entry in teams.items()}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        page.route("**/fonts.googleapis.com/**", lambda route: route.abort())  # offline: no web font
        yield page
        browser.close()


def log_in(page: Page, screen: BrowserScreen, url: str, team: str, code: str) -> None:
    page.goto(url)
    screen.wait_for("Access code")
    page.locator(".xterm-helper-textarea").focus()  # keys to the terminal; a click would move Textual's focus
    page.keyboard.type(team)
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)  # as a person would: the focus moves to the code field first
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def type_slowly(page: Page, *keys: str) -> None:
    for key in keys:
        if key in ("Enter", "Tab", "ArrowDown", "Control+s"):
            page.keyboard.press(key)
        else:
            page.keyboard.type(key)
        page.wait_for_timeout(300)


def test_a_browser_seat_logs_in_sends_an_action_and_sees_the_reply(
        log: EventLog, session: str, web_seats: tuple[str, dict[str, str]], browser_page: Page) -> None:
    url, codes = web_seats
    assert codes["ru-cert"] not in url  # the code never travels in the address
    instructor = DrillService(log, load_pack(MINI)).open(session)
    instructor.execute(FireInject(at=0, inject="preservation-ask"))  # to ru-cert
    screen = BrowserScreen(browser_page)
    log_in(browser_page, screen, url, "ru-cert", codes["ru-cert"])
    screen.wait_for("Please preserve")
    assert "Russian national centre" in screen.wait_for("Russian national centre").splitlines()[0]  # its header
    type_slowly(browser_page, "a")
    screen.wait_for("What do you do?")
    type_slowly(browser_page, "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "Enter")
    screen.wait_for("Point of contact")
    type_slowly(browser_page, "Enter", "Thailand", "Enter", "Tab", "Enter", "Telephone", "Enter", "Tab")
    type_slowly(browser_page, "Panel found; preservation asked", "Control+s")
    screen.wait_for("sent (A")
    instructor.refresh()
    instructor.execute(JumpClock(at=instructor.state.t, to=instructor.state.t + 11 * 60, wall_at=wall_now()))
    screen.wait_for("Thank you for the")


def test_a_wrong_code_opens_no_seat(web_seats: tuple[str, dict[str, str]], browser_page: Page) -> None:
    url, codes = web_seats
    screen = BrowserScreen(browser_page)
    log_in(browser_page, screen, url, "th-cert", codes["ru-cert"])  # another team's code
    screen.wait_for("do not open a seat")
    assert "Inbox" not in screen.text


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (PEM), signed by itself."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


def test_with_a_certificate_the_web_seats_speak_tls_only(session: str, db_url: str, tmp_path: Path) -> None:
    import ssl
    import urllib.error
    import urllib.request

    cert, key = self_signed(tmp_path)
    (tmp_path / "passphrase").write_text("correct horse battery\n")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cyberdrill", "serve", session, "--db", db_url, "--web", f"127.0.0.1:{port}",
         "--cert", str(cert), "--key", str(key), "--passphrase-file", str(tmp_path / "passphrase")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        while line and "serving;" not in line:
            line = process.stdout.readline()
        trusting = ssl.create_default_context(cafile=str(cert))
        page = urllib.request.urlopen(f"https://127.0.0.1:{port}/", context=trusting, timeout=20).read().decode()
        assert "textual-terminal" in page and f"wss://127.0.0.1:{port}/ws" in page  # the seat's socket is TLS too
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=20)  # no plain HTTP on that port
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


async def test_textual_serve_still_hands_over_its_aiohttp_app_with_the_seat_routes() -> None:
    # serve reaches textual-serve's private Server._make_app in one place (serve/web.py: aiohttp_app);
    # a textual-serve release that renames it or changes what it returns fails here, not in a drill.
    from aiohttp import web
    from textual_serve.server import Server

    from cyberdrill.serve.web import SeatWebServer, aiohttp_app, web_command

    assert callable(getattr(Server, "_make_app", None))
    app = await aiohttp_app(SeatWebServer(web_command("s1", None), host="127.0.0.1", port=1,
                                          public_url="http://127.0.0.1:1"))
    assert isinstance(app, web.Application)
    routes = {getattr(resource, "canonical", "") for resource in app.router.resources()}
    assert {"/", "/ws", "/static"} <= routes, routes
