"""The session the three-team snapshots show (tests/tui/test_snapshots_compound.py): the bundled regional pack
exercises/asean-scam-compound, kept as a recorded log (tests/tui/snapshot-compound.jsonl, the export format)
so that a Faker release cannot change the pictures.

    python tests/tui/compound_snapshot_session.py     re-record it (then look at the pictures and update them
                                                      with --snapshot-update)
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from cyberdrill.engine.commands import JumpClock, StartClock, TakeAction
from cyberdrill.import_check import import_file
from cyberdrill.pack.load import load_pack
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog
from cyberdrill.store.export import export_lines

COMPOUND = Path(__file__).resolve().parents[2] / "exercises" / "asean-scam-compound"
RECORDED = Path(__file__).with_name("snapshot-compound.jsonl")


def record() -> None:
    """Forty-five minutes in: every team's first reports delivered, two of the three teams have triaged."""
    log = MemoryLog()
    drill = DrillService(log, load_pack(COMPOUND)).start(seed=7, session_id="snapcompound")
    drill.execute(StartClock(at=0))
    drill.execute(JumpClock(at=0, to=3 * 60))
    drill.execute(TakeAction(at=3 * 60, team="th-thaicert", action="triage", fields={
        "report": "1441 hotline, SOS from a worker", "rsit": "other/other", "priority": "P1-critical",
        "cross_border": True, "life_safety_risk": True, "rationale": "Risk to life: beatings, threat to sell him."}))
    drill.execute(JumpClock(at=3 * 60, to=12 * 60))
    drill.execute(TakeAction(at=12 * 60, team="ru-nccci", action="triage", fields={
        "report": "FinCERT report", "rsit": "fraud/masquerade", "priority": "P2-high", "cross_border": True,
        "life_safety_risk": False, "rationale": "Russian victims paid USDT to the platform's TRON addresses."}))
    drill.execute(JumpClock(at=12 * 60, to=45 * 60))
    info = log.session(drill.session_id)  # the pack's folder on this machine stays out of the file
    log.update_session(dataclasses.replace(info, settings={k: v for k, v in info.settings.items() if k != "pack_path"}))
    RECORDED.write_text("".join(export_lines(log, drill.session_id)), encoding="utf-8")


def recorded_log() -> MemoryLog:
    """A fresh in-memory log holding the recorded session."""
    log = MemoryLog()
    with RECORDED.open(encoding="utf-8") as lines:
        import_file(log, lines, RECORDED.name, [COMPOUND])
    return log


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    record()
    sys.exit(0)
