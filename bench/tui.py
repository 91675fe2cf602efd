"""TUI figures: launch time to the first interactive screen against a bare Textual app, and the time from
submitting an action to its reply being rendered (through Pilot).

    python bench/tui.py [--runs 7] [--actions 40]

Launch: each app runs headless in a fresh interpreter and reports when its first screen has been
painted (measured from just before the interpreter was spawned); the medians are compared. Action to
reply: in one process, the mini test pack, the Russian centre's console; each round opens the filled "notify a
partner" form, sends it (the form's send action, as ctrl+s does), the host moves the clock to the reply's
due time, and the round ends when Pilot's pause returns (messages handled, screen repainted) with the reply
in the inbox. The same pause with nothing to do is printed beside it: Pilot's own floor.
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

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "packs" / "mini"

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


async def action_to_reply(rounds: int) -> tuple[list[float], list[float]]:
    sys.path[:0] = [str(REPO), str(REPO / "tests" / "tui")]
    from tui_helpers import FixedClock, settle, start_session

    from cyberdrill.engine.commands import JumpClock
    from cyberdrill.store.base import MemoryLog
    from cyberdrill.tui.app import CyberdrillApp
    from cyberdrill.tui.options import PlayOptions
    from cyberdrill.tui.team.acting import open_action_form
    from cyberdrill.tui.team.inbox import Inbox

    app = CyberdrillApp(PlayOptions(pack=MINI, log=MemoryLog(), seed=7, clock=FixedClock(), bundled=False))
    timings: list[float] = []
    idle: list[float] = []  # the same pause with nothing to do: Pilot's own floor
    async with app.run_test(size=(120, 40)) as pilot:
        await start_session(pilot)
        await pilot.press("space")
        app.switch_mode("team-ru-cert")
        await settle(pilot)
        for _ in range(rounds):
            open_action_form(app, "ru-cert", "notify_partner", {"to": "th-247", "channel": "24-7-network",
                                                                "message": "Logs preserved; MLA follows."})
            await pilot.pause()
            form = app.screen
            t0 = time.perf_counter()
            form.action_send()  # what ctrl+s and the Send button run
            app.send(JumpClock, to=app.now + 11 * 60)  # the host's clock: the 24/7 contact answers in 10 min
            await pilot.pause()  # messages handled, screen repainted
            timings.append(time.perf_counter() - t0)
            sent = app.live.view.sent("ru-cert")[0]
            reply = app.live.view.inbox("ru-cert")[0]
            assert app.screen is not form and reply.in_reply_to == sent.action_id, "the reply did not arrive"
            assert app.screen.query_one(Inbox).row_count == len(app.live.view.inbox("ru-cert"))
        for _ in range(rounds):
            t0 = time.perf_counter()
            await pilot.pause()
            idle.append(time.perf_counter() - t0)
    return timings, idle


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--actions", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        bare, ours = launch_figures(args.runs, Path(scratch))
    print(f"launch to first screen: bare Textual {bare * 1000:.0f} ms, cyberdrill play {ours * 1000:.0f} ms, "
          f"ratio {ours / bare:.2f}x (budget <= 1.5x; median of {args.runs})")
    timings, idle = asyncio.run(action_to_reply(args.actions))
    ms, floor = sorted(t * 1000 for t in timings), sorted(t * 1000 for t in idle)
    print(f"action to reply rendered: median {statistics.median(ms):.1f} ms, p95 {p95(ms):.1f} ms "
          f"(budget p95 < 50 ms; {len(ms)} actions); an idle Pilot pause alone: median "
          f"{statistics.median(floor):.1f} ms, p95 {p95(floor):.1f} ms")


def p95(sorted_ms: list[float]) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(0.95 * (len(sorted_ms) - 1)))]


if __name__ == "__main__":
    main()
