"""The flagship session the language snapshots show, kept as a recorded log (tests/tui/flagship-session.jsonl,
the export format): its world is in the log, so a Faker release cannot change the pictures.

    python tests/tui/flagship_session.py     re-record it (only when the flagship changes on purpose; then
                                             look at the pictures and update them with --snapshot-update)
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from cyberdrill.engine.commands import JumpClock, StartClock
from cyberdrill.import_check import import_file
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.store.export import export_lines

FLAGSHIP = Path(__file__).resolve().parent.parent.parent / "exercises" / "ru-th-remittance-fraud"
RECORDED = Path(__file__).with_name("flagship-session.jsonl")


def record() -> None:
    """The flagship half an hour in: the first injects delivered to both teams, nothing answered yet."""
    log = MemoryLog()
    drill = DrillService(log, load_pack(FLAGSHIP)).start(seed=7, session_id="flag0001cafe")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=30 * 60))
    info = log.session(drill.session_id)  # the pack's folder on this machine stays out of the file
    log.update_session(dataclasses.replace(info, settings={k: v for k, v in info.settings.items() if k != "pack_path"}))
    RECORDED.write_text("".join(export_lines(log, drill.session_id)), encoding="utf-8")


def recorded_log() -> MemoryLog:
    """A fresh in-memory log holding the recorded flagship session."""
    log = MemoryLog()
    with RECORDED.open(encoding="utf-8") as lines:
        import_file(log, lines, RECORDED.name, [FLAGSHIP])
    return log


if __name__ == "__main__":
    record()
    sys.exit(0)
