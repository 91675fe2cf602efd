"""TUI figures: launch time to the first interactive screen against a bare Textual app, the time from
submitting an action to its reply being painted, and the keystrokes the flagship's solution takes.

    python bench/tui.py [--runs 7] [--actions 40] [--keys]

Launch: each app runs headless in a fresh interpreter and reports when its first screen has been
painted (measured from just before the interpreter was spawned); the medians are compared.

Action to reply: in one process, the mini test pack, the Russian centre's console. Each round opens the
filled "notify a partner" form (not timed), then the clock starts: the form's send action runs (what
ctrl+s and the Send button run), the host moves the clock to the reply's due time (the 24/7 contact
answers in 10 minutes), and the clock stops at the first frame in which the inbox's top row, as the
terminal would show it, is the reply. Frames are observed where Textual hands the screen's update to the
terminal driver (`App._display`), so no test pause or sleep is inside the figure; Textual's own frame
pacing (at most 60 updates a second) is. Writing to a real terminal is not (the app runs headless).

Keystrokes: the flagship's solution played through the team consoles by keyboard, as the playthrough test
plays it (tests/tui/console_player.py): F2 to the seat, `a`, the action type typed into the picker, Tab to
each field, dropdowns by type-to-search, ticks with space, texts typed (a key a character). Once typing
every value, once inserting every value the team has received with the quote picker (ctrl+o, the start of
the value, enter) when that takes fewer keys. Printed: the preservation and MLA requests, and the median
per action.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "packs" / "mini"
FLAGSHIP = REPO / "exercises" / "ru-th-remittance-fraud"

BARE = """
import sys, time, os
from textual.app import App
from textual.widgets import Footer, Header, Label
class Bare(App):
    def compose(self):
        yield Header(); yield Label("hello"); yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        print(time.time() - float(sys.argv[1]), flush=True); os._exit(0)
Bare().run(headless=True)
"""

CYBERDRILL = """
import sys, time, os
from pathlib import Path
import cyberdrill.tui.app as module
from cyberdrill.tui.app import CyberdrillApp
from cyberdrill.tui.options import PlayOptions
class Probe(CyberdrillApp):
    # the subclass lives in a scratch file: point at the app's own stylesheets
    CSS_PATH = [str(Path(module.__file__).parent / p) for p in CyberdrillApp.CSS_PATH]
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        print(time.time() - float(sys.argv[1]), flush=True); os._exit(0)
db = "sqlite:///" + sys.argv[2]
Probe(PlayOptions(db=db)).run(headless=True)
"""


def launch(code: str, scratch: Path, *extra: str) -> float:
    script = scratch / "probe.py"
    script.write_text(code, encoding="utf-8")
    started = time.time()
    out = subprocess.run([sys.executable, str(script), str(started), *extra], capture_output=True, text=True,
                         cwd=REPO, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return float(out.stdout.strip().splitlines()[-1])


def launch_figures(runs: int, scratch: Path) -> tuple[float, float]:
    bare, ours = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        bare.append(launch(BARE, scratch))
        ours.append(launch(CYBERDRILL, scratch, str(scratch / "bench.db")))
    return statistics.median(bare), statistics.median(ours)


async def action_to_reply(rounds: int) -> tuple[list[float], int]:
    sys.path[:0] = [str(REPO), str(REPO / "tests" / "tui")]
    from tui_helpers import FixedClock, settle, start_session

    import cyberdrill.tui.app as app_module
    from cyberdrill.engine.commands import JumpClock
    from cyberdrill.pack.model import format_clock
    from cyberdrill.store.base import MemoryLog
    from cyberdrill.tui.app import CyberdrillApp
    from cyberdrill.tui.options import PlayOptions
    from cyberdrill.tui.team.acting import open_action_form
    from cyberdrill.tui.team.inbox import Inbox
    from cyberdrill.tui.team.screen import TeamScreen

    probe: dict[str, Any] = {}  # "expect": what the inbox's first row must show; "at": when it first did

    class Probe(CyberdrillApp):
        CSS_PATH = [str(Path(app_module.__file__).parent / p) for p in CyberdrillApp.CSS_PATH]

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if renderable is None or "expect" not in probe or screen is not self.screen:
                return
            now = time.perf_counter()
            if isinstance(screen, TeamScreen) and probe["expect"] in first_row(screen):
                probe["at"] = now
                del probe["expect"]

    app = Probe(PlayOptions(pack=MINI, log=MemoryLog(), seed=7, clock=FixedClock(), bundled=False))
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("space")
        app.switch_mode("team-ru-cert")
        await settle(pilot)
        console = app.screen
        assert isinstance(console, TeamScreen)
        inbox = console.query_one(Inbox)
        for _ in range(rounds):
            if inbox.row_count:
                inbox.move_cursor(row=0)  # the trainee reads the latest message, then acts
            open_action_form(app, "ru-cert", "notify_partner", {"to": "th-247", "channel": "24-7-network",
                                                                "message": "Logs preserved; MLA follows."})
            await settle(pilot)
            form = app.screen
            due = format_clock(app.now + 10 * 60)  # the 24/7 contact answers in 10 minutes
            probe.clear()
            probe["expect"] = due
            t0 = time.perf_counter()
            app.collector.touched()  # what the ctrl+s key event does on its way to the form
            form.action_send()  # type: ignore[attr-defined]
            while form.sending:  # type: ignore[attr-defined]  # sent from a worker: the jump comes after it
                await asyncio.sleep(0.0002)
            await app.send(JumpClock, to=app.now + 11 * 60)
            for _ in range(20_000):  # bounded: a broken console fails the bench instead of hanging it
                await asyncio.sleep(0.0002)
                if "at" in probe:
                    break
            assert "at" in probe, "the reply was never painted"
            timings.append(probe["at"] - t0)
            reply = app.live.view.inbox("ru-cert")[0]
            assert reply.in_reply_to == app.live.view.sent("ru-cert")[0].action_id, "the reply did not arrive"
            assert format_clock(reply.t) == due
        messages = inbox.row_count
    return timings, messages


def first_row(screen: Any) -> str:
    """The text of the inbox's first message row as the terminal shows it now (below its border and header)."""
    from cyberdrill.tui.team.inbox import Inbox

    region = screen.query_one(Inbox).region
    lines = screen._compositor.render_strips()
    return lines[region.y + 2].text[region.x : region.right] if region.height > 2 else ""


async def keystrokes(quote: bool) -> list[Any]:
    """The flagship's solution played through the consoles by keyboard (tests/tui/console_player.py, the
    playthrough test's driver); the keys each action took."""
    sys.path.insert(0, str(REPO / "tests" / "tui"))
    from console_player import ConsolePlayer
    from tui_helpers import FixedClock, start_session

    from cyberdrill.pack.load import load_pack
    from cyberdrill.store.base import MemoryLog
    from cyberdrill.tui.app import CyberdrillApp
    from cyberdrill.tui.options import PlayOptions

    loaded = load_pack(FLAGSHIP)
    app = CyberdrillApp(PlayOptions(pack=FLAGSHIP, log=MemoryLog(), seed=7, clock=FixedClock(), bundled=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot)
        player = ConsolePlayer(pilot, quote=quote)
        await player.start_clock()
        await player.play(loaded.scripts["solution"])
    return player.per_action


def keystroke_figures() -> None:
    import tempfile

    from cyberdrill.pack.model import format_clock

    with tempfile.TemporaryDirectory() as scratch:
        os.environ["CYBERDRILL_DRAFTS"] = str(Path(scratch) / "drafts.json")  # not the user's drafts
        typed, quoted = asyncio.run(keystrokes(False)), asyncio.run(keystrokes(True))
    print("keystrokes through the consoles (the flagship's solution; texts count a key per character):")
    for plain, with_quotes in zip(typed, quoted, strict=True):
        if plain.action in ("preservation_request", "mla_request"):
            print(f"  {format_clock(plain.at)} {plain.team:<12} {plain.action:<21} {plain.keys:>5} typed, "
                  f"{with_quotes.keys:>5} with the quote picker (ctrl+o)")
    print(f"  median per action over the solution ({len(typed)} actions): "
          f"{statistics.median(a.keys for a in typed):.0f} typed, "
          f"{statistics.median(a.keys for a in quoted):.0f} with the quote picker")


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--actions", type=int, default=40)
    parser.add_argument("--skip-launch", action="store_true", help="no launch figure")
    parser.add_argument("--keys", action="store_true", help="only the keystroke figures (a few minutes)")
    args = parser.parse_args()
    if args.keys:
        keystroke_figures()
        return
    if not args.skip_launch:
        with tempfile.TemporaryDirectory() as scratch:
            bare, ours = launch_figures(args.runs, Path(scratch))
        print(f"launch to first screen: bare Textual {bare * 1000:.0f} ms, cyberdrill play {ours * 1000:.0f} ms, "
              f"ratio {ours / bare:.2f}x (budget <= 1.5x; median of {args.runs})")
    timings, messages = asyncio.run(action_to_reply(args.actions))
    ms = sorted(t * 1000 for t in timings)
    print(f"action to reply painted: median {statistics.median(ms):.1f} ms, p95 {p95(ms):.1f} ms, "
          f"max {ms[-1]:.1f} ms (budget p95 < 50 ms; {len(ms)} actions, inbox of {messages} messages at the end)")
    keystroke_figures()


def p95(sorted_ms: list[float]) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(0.95 * (len(sorted_ms) - 1)))]


if __name__ == "__main__":
    main()
