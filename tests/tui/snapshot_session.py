"""The session the console snapshots show, kept as a recorded log (tests/tui/snapshot-session.jsonl, the
export format): the world is in the log, so a Faker release cannot change the pictures.

    python tests/tui/snapshot_session.py     re-record it (only when the mini pack changes on purpose;
                                             then look at the pictures and update them with --snapshot-update)
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from tui_helpers import MINI

from cyberdrill.engine.commands import JumpClock, StartClock, TakeAction
from cyberdrill.import_check import import_file
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.store.export import export_lines

RECORDED = Path(__file__).with_name("snapshot-session.jsonl")


def record() -> None:
    """A session an hour in: two injects delivered, one action taken."""
    log = MemoryLog()
    drill = DrillService(log, load_pack(MINI)).start(seed=7, session_id="snap0001cafe")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=40 * 60))
    drill.execute(TakeAction(at=40 * 60, team="th-cert", action="classify",
                             fields={"rsit": "fraud/phishing", "tlp": "TLP:AMBER"}))
    drill.execute(JumpClock(at=40 * 60, to=55 * 60))
    # The pack's folder on this machine stays out of the file; recorded_log() puts the checkout's back.
    info = log.session(drill.session_id)
    log.update_session(dataclasses.replace(info, settings={k: v for k, v in info.settings.items() if k != "pack_path"}))
    RECORDED.write_text("".join(export_lines(log, drill.session_id)), encoding="utf-8")


def recorded_log() -> MemoryLog:
    """A fresh in-memory log holding the recorded session."""
    log = MemoryLog()
    with RECORDED.open(encoding="utf-8") as lines:
        import_file(log, lines, RECORDED.name, [MINI])  # the pack found by id: its path is the checkout's
    return log


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    record()
    sys.exit(0)
