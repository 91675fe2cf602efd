"""Record the golden sessions: event logs (JSON lines, as `cyberdrill run --events` writes them) and the
scorecards they score to (JSON, as `cyberdrill run --json` prints them).

    python tests/golden/record.py            re-record every golden session
    python tests/golden/record.py NAME ...   re-record only these (e.g. flagship-solution)
    python tests/golden/record.py --rescore  keep the logs, re-pin only the scorecards they score to (when
                                             the scorecard gains fields: check the diff only adds keys)

Re-record when a pack or the engine changes *on purpose*, then read the diff of the .scorecard.json files:
it is the change a user will see in their scores. tests/golden/test_golden.py replays each log and checks
that it still scores exactly what is pinned.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cyberdrill.commands.run_cmd import write_events
from cyberdrill.engine import commands as cmd
from cyberdrill.engine import replay, score
from cyberdrill.engine.events import from_json
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.paths import FLAGSHIP_PACK, exercises_dir
from cyberdrill.script import play_script
from cyberdrill.service import Drill, DrillService, wall_now
from cyberdrill.store.base import MemoryLog

HERE = Path(__file__).resolve().parent
MINI = HERE.parent / "fixtures" / "packs" / "mini"
PACKS = {"flagship": exercises_dir() / FLAGSHIP_PACK, "mini": MINI}


def _played(script: str) -> Callable[[Drill], None]:
    def play(drill: Drill) -> None:
        play_script(drill, drill.loaded.scripts[script])

    return play


def _instructor_session(drill: Drill) -> None:
    """The first hour of the solution, then an instructor at work: a scripted inject skipped, one delayed,
    one fired early, an ad-hoc message written as a party, the rest of the solution, every marked step
    marked at half its points, one rating overridden, the session ended."""
    loaded = drill.loaded
    pack = loaded.pack
    entries = loaded.scripts["solution"]
    hour = 3600
    play_script(drill, [e for e in entries if e.at < hour], end=False)

    def execute(command: type[cmd.Command], **fields: Any) -> None:
        drill.execute(command(at=drill.state.t, wall_at=wall_now(), **fields))

    answered = {e.reply_to for e in entries if e.reply_to}
    timed = [(i.trigger.at, i.id) for i in pack.injects if i.trigger is not None and i.trigger.at is not None]
    later = [pack_inject for at, pack_inject in sorted(timed) if at > hour and pack_inject not in answered]
    if later:
        execute(cmd.SkipInject, inject=later[0], reason="the instructor cut this thread")
    if len(later) > 1:
        execute(cmd.DelayInject, inject=later[1], by=20 * 60)
    if len(later) > 2:
        execute(cmd.FireInject, inject=later[2])
    party = next(p for p in pack.parties if p.played_by == "engine")
    team = drill.state.teams[0]
    execute(cmd.WriteInject, sender=party.id, to=(team,), channel=pack.channels[0].id, tlp="TLP:GREEN",
            subject="Call-back", body="We are looking into it and will call you back within the hour.")
    play_script(drill, [e for e in entries if e.at >= hour and e.mark is None], end=False)
    for step in pack.steps:
        if step.marking is not None and step.team in drill.state.teams:
            execute(cmd.GiveMark, team=step.team, step=step.id, points=step.marking.points / 2,
                    comment="half: the answer names the custodian but not the logs' period", evaluator="E. Valuator")
    execute(cmd.OverrideRating, team=team, objective=pack.objectives[0].id, rating="M",
            justification="the team escalated by phone as well, which the log cannot see")
    execute(cmd.EndSession)


@dataclass(frozen=True)
class Golden:
    name: str
    pack: str  # a key of PACKS
    seed: int
    play: Callable[[Drill], None]

    @property
    def events(self) -> Path:
        return HERE / f"{self.name}.events.jsonl"

    @property
    def scorecard(self) -> Path:
        return HERE / f"{self.name}.scorecard.json"


GOLDEN = [
    Golden(f"{pack}-{kind}", pack, seed, play)
    for pack in PACKS
    for kind, seed, play in (("solution", 1, _played("solution")),
                             ("mistakes", 2, _played("scripts/typical-mistakes")),
                             ("instructor", 3, _instructor_session))
]


def scorecard_text(card: dict[str, object]) -> str:
    """The pinned form of a scorecard: indented JSON, keys in the engine's order, one final newline."""
    return json.dumps(card, ensure_ascii=False, indent=2) + "\n"


def record(golden: Golden, loaded: LoadedPack) -> None:
    drill = DrillService(MemoryLog(), loaded).start(seed=golden.seed, session_id=f"golden-{golden.name}")
    golden.play(drill)
    write_events(drill, golden.events)
    golden.scorecard.write_text(scorecard_text(drill.scorecard().to_json()), encoding="utf-8")


def rescore(golden: Golden, loaded: LoadedPack) -> None:
    events = [from_json({k: v for k, v in json.loads(line).items() if k != "seq"})
              for line in golden.events.read_text(encoding="utf-8").splitlines()]
    card = score(loaded.pack, replay(events))
    golden.scorecard.write_text(scorecard_text(card.to_json()), encoding="utf-8")


def main(names: list[str]) -> int:
    if names and names[0] == "--rescore":
        for golden in GOLDEN:
            rescore(golden, load_pack(PACKS[golden.pack]))
            print(f"re-pinned {golden.scorecard.name} from {golden.events.name}")
        return 0
    chosen = [g for g in GOLDEN if not names or g.name in names]
    unknown = set(names) - {g.name for g in GOLDEN}
    if unknown:
        print(f"no golden session named {', '.join(sorted(unknown))}; known: {', '.join(g.name for g in GOLDEN)}",
              file=sys.stderr)
        return 2
    for golden in chosen:
        record(golden, load_pack(PACKS[golden.pack]))
        print(f"recorded {golden.events.name} and {golden.scorecard.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
