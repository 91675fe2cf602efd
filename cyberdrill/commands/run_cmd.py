"""`cyberdrill run PACK (--script FILE | --solution)`: play a script headless and print the scorecard.

The session lives in memory unless a store is given; `play_session` takes any EventLog, so a stored
run is this same function with another log. `--db URL` stores the session, `--session ID` continues a
stored one (see `play_stored`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from cyberdrill.commands.team_lang import team_languages
from cyberdrill.engine.scorecard import Scorecard, TeamScore
from cyberdrill.pack.loaded import LoadedPack, PackError
from cyberdrill.pack.model import ScriptEntry, format_clock
from cyberdrill.paths import resolve_pack
from cyberdrill.service import Drill, DrillService, SessionNotStarted
from cyberdrill.store.base import EventLog, MemoryLog


def play_session(log: EventLog, loaded: LoadedPack, entries: list[ScriptEntry], seed: int,
                 teams: tuple[str, ...] = (), languages: dict[str, str] | None = None) -> tuple[Drill, list[str]]:
    """Start a session of `loaded` on `log` (with only `teams`, when given; `languages`: team -> language),
    play `entries` and end it; the drill and the refusals."""
    from cyberdrill.script import play_script

    drill = DrillService(log, loaded).start(seed=seed, teams=teams or None, languages=languages)
    refusals = play_script(drill, entries)
    return drill, [str(r) for r in refusals]


def play_stored(args: argparse.Namespace, loaded: LoadedPack,
                entries: list[ScriptEntry]) -> tuple[Drill, list[str]] | None:
    """A run in a database (--db, or $CYBERDRILL_DB with --session); None after printing a problem.

    Without --session a new session is stored and the script played up to its last entry; the session
    stays open there, so `--session ID` can continue it (a --solution run is whole, and ends). With
    --session the script is played on that session as the rest of the run: then the session advances
    to the pack's duration and ends, as a run in memory does.
    """
    from cyberdrill.script import play_script
    from cyberdrill.store import StoreError, open_log

    try:
        log = open_log(args.db)
        if args.session is None:
            drill = DrillService(log, loaded).start(seed=args.seed if args.seed is not None else 1,
                                                    teams=chosen_teams(args, loaded) or None,
                                                    languages=team_languages(getattr(args, "team_lang", None),
                                                                             loaded))
            refusals = play_script(drill, entries, end=bool(args.solution))
            if not drill.state.ended:
                print(f"session {drill.session_id} stored, open at {format_clock(drill.state.t)}; continue it with "
                      f"`cyberdrill run {args.pack} --session {drill.session_id} --script FILE`", file=sys.stderr)
            return drill, [str(r) for r in refusals]
        info = log.session(args.session)
    except StoreError as exc:
        print(f"cyberdrill run: {exc}", file=sys.stderr)
        return None
    except KeyError as unknown:  # the store's UnknownSession says which id matched nothing, or several
        print(f"cyberdrill run: {unknown}", file=sys.stderr)
        return None
    problem = None
    if info.pack != loaded.pack.id:
        problem = f"session {info.id} plays pack {info.pack!r}, not {loaded.pack.id!r}"
    elif args.seed is not None and args.seed != info.seed:
        problem = f"session {info.id} has seed {info.seed}; --seed {args.seed} cannot change it"
    elif info.status == "ended":
        problem = f"session {info.id} has ended; nothing can be added to it"
    if problem:
        print(f"cyberdrill run: {problem}", file=sys.stderr)
        return None
    try:
        drill = DrillService(log, loaded).open(info.id)
    except SessionNotStarted as problem:
        print(f"cyberdrill run: {problem}", file=sys.stderr)
        return None
    if drill.pack_changed:
        print(f"cyberdrill run: warning: pack {info.pack} changed since session {info.id} started", file=sys.stderr)
    return drill, [str(r) for r in play_script(drill, entries)]


def write_events(drill: Drill, path: Path) -> None:
    """The session's log as JSON lines: {"seq": n, **event}."""
    with path.open("w", encoding="utf-8") as out:
        for seq, event in drill.log.read(drill.session_id):
            out.write(json.dumps({"seq": seq, **event.to_json()}, ensure_ascii=False, sort_keys=False) + "\n")


def _points(x: float) -> str:
    # People read one decimal; the JSON scorecard keeps the engine's precision.
    return f"{round(x, 1):g}"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def printed_shares(values: list[float], total: float) -> list[float]:
    """`values` rounded to one decimal so that they add up to `total` (itself one decimal): the largest
    remainders take the tenths rounding lost, so the deductions printed add up to the points printed."""
    tenths = [v * 10 for v in values]
    floors = [int(t // 1) for t in tenths]
    left = round(total * 10) - sum(floors)
    order = sorted(range(len(values)), key=lambda i: tenths[i] - floors[i], reverse=True)
    for i in order[:max(0, min(left, len(values)))]:
        floors[i] += 1
    return [f / 10 for f in floors]


def print_team(team: TeamScore, out: TextIO) -> None:
    """One team's steps and objectives as plain-text tables; a deduction's points as printed add up to the
    step's loss as printed."""
    pending = (f"; provisional: {_points(team.awaiting_mark_points)} points await an evaluator's mark"
               if team.provisional else "")
    out.write(f"\n{team.name} ({team.team}): {_points(team.score)}/{_points(team.max_score)} "
              f"({team.percent:.1f}%){pending}\n")
    width = max([len(s.step) for s in team.steps] + [4])
    out.write(f"  {'step':<{width}}  {'status':<12} {'points':>9}  reasons\n")
    for s in team.steps:
        lost = [r for r in s.reasons if r.points]
        shares = printed_shares([-r.points for r in lost], round(s.max_points, 1) - round(s.points, 1))
        shown = dict(zip((id(r) for r in lost), shares, strict=True))
        reasons = "; ".join(f"{r.text} ({_points(-shown[id(r)])})" if id(r) in shown else r.text for r in s.reasons)
        score = f"{_points(s.points)}/{_points(s.max_points)}"
        out.write(f"  {s.step:<{width}}  {s.status:<12} {score:>9}  {reasons}\n")
    for o in team.objectives:
        override = f" (computed {o.computed_rating}, overridden)" if o.override else ""
        waiting = " (provisional: awaiting a mark)" if o.provisional else ""
        rated = (f" (rated on {o.rated_percent:.1f}% with the outcomes)"
                 if o.rated_percent is not None and o.outcomes and o.rated_percent != o.percent else "")
        out.write(f"  objective {o.objective}: {o.percent:.1f}% {o.rating}{rated}{override}{waiting}\n")
        for m in o.outcomes:
            detail = f"{_shown(m.value)} of {_shown(m.of)}" if m.of is not None else _shown(m.value)
            when = f" by {format_clock(m.by)}" if m.by is not None else ""
            out.write(f"    outcome {m.outcome}: {m.percent:.1f}% ({detail}{when}) {m.text}\n")


def print_scorecard(card: Scorecard, refusals: list[str], out: TextIO) -> None:
    out.write(f"{card.pack_title} ({card.pack} {card.pack_version}), seed {card.seed}, "
              f"session {card.session}, scored at {format_clock(card.at)}\n")
    out.writelines(f"refused: {line}\n" for line in refusals)
    for team in card.teams:
        print_team(team, out)


def chosen_teams(args: argparse.Namespace, loaded: LoadedPack) -> tuple[str, ...]:
    """The teams `--teams ID[,ID]` names (empty: every team)."""
    given = getattr(args, "teams", None)
    return tuple(t.strip() for t in given.split(",") if t.strip()) if given else ()


def _entries(args: argparse.Namespace, loaded: LoadedPack) -> list[ScriptEntry] | None:
    from cyberdrill.script import load_script

    if args.solution:
        entries = loaded.scripts.get("solution")
        if entries is None:
            print(f"{loaded.root}: the pack has no solution.yaml", file=sys.stderr)
        return entries
    # A name of one of the pack's own scripts ("typical-mistakes" for scripts/typical-mistakes.yaml) works
    # too: a bundled pack sits inside the installed package, where users should not have to look.
    if not Path(args.script).exists():
        for name in (args.script, f"scripts/{args.script}", f"scripts/{Path(args.script).stem}"):
            if name in loaded.scripts:
                return loaded.scripts[name]
    try:
        return load_script(args.script)
    except PackError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    """Exit 0 after printing the scorecard; 1 for a broken pack or script; 2 for a usage error."""
    from cyberdrill.pack.load import load_pack

    if not args.script and not args.solution:
        print("cyberdrill run: give --script FILE or --solution", file=sys.stderr)
        return 2
    try:
        loaded = load_pack(resolve_pack(args.pack))
    except PackError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    entries = _entries(args, loaded)
    if entries is None:
        return 1
    teams = chosen_teams(args, loaded)
    known = [t.id for t in loaded.pack.teams]
    unknown = [t for t in teams if t not in known]
    if unknown or (getattr(args, "teams", None) is not None and not teams):
        print(f"cyberdrill run: --teams {args.teams!r}: no team {', '.join(map(repr, unknown)) or 'named'} in "
              f"the pack; its teams are {', '.join(known)}", file=sys.stderr)
        return 2
    if teams and args.session:
        print("cyberdrill run: --teams chooses the teams of a new session; a stored session keeps its own",
              file=sys.stderr)
        return 2
    try:
        languages = team_languages(getattr(args, "team_lang", None), loaded)
    except ValueError as problem:
        print(f"cyberdrill run: {problem}", file=sys.stderr)
        return 2
    if languages and args.session:
        print("cyberdrill run: --lang chooses the languages of a new session; a stored session keeps its own",
              file=sys.stderr)
        return 2
    if any(team not in teams for team in languages) and teams:
        print(f"cyberdrill run: --lang names a team that --teams leaves out: "
              f"{', '.join(t for t in languages if t not in teams)}", file=sys.stderr)
        return 2
    if teams:  # the other teams do not play: their scripted actions are left out, their stand-ins answer
        entries = [e for e in entries if e.team in teams]
    from cyberdrill.world import WorldError

    try:
        if args.db or args.session:
            stored = play_stored(args, loaded, entries)
            if stored is None:
                return 1
            drill, refusals = stored
        else:
            drill, refusals = play_session(MemoryLog(), loaded, entries,
                                           args.seed if args.seed is not None else 1, teams, languages)
    except WorldError as exc:  # names the generator's file and line: one line, no traceback
        print(f"{exc} (the world of this run cannot be generated)", file=sys.stderr)
        return 1
    card = drill.scorecard()
    if args.events:
        write_events(drill, Path(args.events))
    try:
        if args.json:
            payload = card.to_json()
            if refusals:
                payload["refused"] = refusals
            print(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            print_scorecard(card, refusals, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # `cyberdrill run ... | head`: the reader has gone. Point stdout at nothing so that Python's own flush
        # at exit cannot raise again, and end quietly (no traceback).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0
