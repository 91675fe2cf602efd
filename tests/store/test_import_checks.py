"""`import` replays the file through the engine: whatever the engine would not have written is refused at
its line, nothing of a refused file is left behind, and nothing in the header is taken as given."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from drills import MINI, mini
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_builders import child_env

from cyberdrill.engine.commands import EndSession, GiveMark, JumpClock, OverrideRating, StartClock, WriteInject
from cyberdrill.import_check import import_file
from cyberdrill.script import play_script
from cyberdrill.service import DrillService, SessionPackProblem, wall_now
from cyberdrill.store import MemoryLog, open_log
from cyberdrill.store.export import ExportError, export_lines
from cyberdrill.store.seats import PASSPHRASE_SETTING, hash_passphrase

LOADED = mini()
PACKS = [MINI.parent]
Rows = list[dict]


def _played(solve: bool = True) -> Rows:
    """The export of a mini session with a clock and a jump, the solution, an ad-hoc inject, a mark and an
    override."""
    log = MemoryLog()
    drill = DrillService(log, LOADED).start(seed=3, settings={"seating": "hosted"})
    drill.execute(StartClock(at=0, wall_at=wall_now(), speed=60))
    drill.execute(JumpClock(at=0, to=12 * 60, wall_at=wall_now()))  # past the first inject, T+00:10
    if solve:
        assert play_script(drill, LOADED.scripts["solution"], end=False) == []
    drill.execute(WriteInject(at=drill.state.t + 60, sender="th-bank", to=("th-cert",), channel="phone",
                              tlp="TLP:AMBER", subject="Ещё один звонок", body="โทรอีกครั้ง"))
    drill.execute(EndSession(at=drill.state.t + 60, wall_at=wall_now()))
    if solve:
        drill.execute(GiveMark(at=0, team="th-cert", step="th.sitrep", points=3, comment="ok", wall_at=wall_now()))
        drill.execute(OverrideRating(at=0, team="th-cert", objective="triage", rating="P", justification="fine",
                                     wall_at=wall_now()))
    rows = [json.loads(line) for line in export_lines(log, drill.session_id)]
    SCORES[rows[0]["session"]["id"]] = {team.team: team.percent for team in drill.scorecard().teams}
    return rows


SCORES: dict[str, dict[str, float]] = {}  # the source drill's own scorecard at its last event
SOLVED = _played()
EMPTY = _played(solve=False)


def _lines(rows: Rows) -> list[str]:
    return [json.dumps(row, ensure_ascii=False) for row in rows]


def _refused(rows: Rows, message: str) -> MemoryLog:
    target = MemoryLog()
    with pytest.raises(ExportError, match=message):
        import_file(target, _lines(rows), "drill.jsonl", PACKS)
    assert target.sessions() == []  # nothing left behind
    import_file(target, _lines(SOLVED), "drill.jsonl", PACKS)  # so the corrected file imports
    return target


def _line_of(rows: Rows, kind: str, **match: object) -> int:
    return next(i for i, row in enumerate(rows) if row.get("type") == kind
                and all(row.get(k) == v for k, v in match.items()))


def test_an_export_imports_to_the_same_log_and_score_and_exports_the_same_bytes() -> None:
    target = MemoryLog()
    imported = import_file(target, _lines(SOLVED), "drill.jsonl", PACKS)
    assert imported.notes == ()
    again = [json.loads(line) for line in export_lines(target, imported.info.id)]
    assert again[1:] == SOLVED[1:]
    # the file's score was cached when the session ended, before the mark and the override: stale; the
    # import caches the score of the whole log
    header = {k: v for k, v in again[0]["session"].items() if k not in ("score", "score_seq")}
    assert header == {k: v for k, v in SOLVED[0]["session"].items() if k not in ("score", "score_seq")}
    assert SCORES[header["id"]]["th-cert"] < 100.0 == SOLVED[0]["session"]["score"]["th-cert"]
    assert imported.info.score == SCORES[header["id"]] and imported.info.score_seq == len(SOLVED) - 1


def test_a_forged_1000_point_mark_on_a_4_point_marking_is_refused_at_its_line() -> None:
    rows = [dict(r) for r in SOLVED]
    i = _line_of(rows, "mark_given")
    rows[i]["points"] = 1000.0
    _refused(rows, rf"^drill.jsonl:{i + 1}: error: the engine refuses this mark_given: a mark for th.sitrep is "
                   r"between 0 and 4")


def test_an_action_of_a_team_that_does_not_play_with_an_unknown_type_is_refused() -> None:
    rows = [dict(r) for r in SOLVED]
    i = _line_of(rows, "action_taken")
    rows[i] = {**rows[i], "team": "xx-cert", "action": "exfiltrate"}
    _refused(rows, rf"^drill.jsonl:{i + 1}: error: the engine refuses this action_taken: team 'xx-cert' is not "
                   "playing")


def test_an_unknown_action_type_of_a_playing_team_is_refused() -> None:
    rows = [dict(r) for r in SOLVED]
    i = _line_of(rows, "action_taken")
    rows[i] = {**rows[i], "action": "exfiltrate"}
    _refused(rows, rf"^drill.jsonl:{i + 1}: error: the engine refuses this action_taken: ")


def test_time_going_backwards_is_refused_naming_the_field() -> None:
    rows = [dict(r) for r in SOLVED]
    actions = [i for i, r in enumerate(rows) if r.get("type") == "action_taken"]
    i = actions[-1]
    rows[i]["t"] = 0
    _refused(rows, rf"^drill.jsonl:{i + 1}: error: action_taken differs from what the engine records "
                   r"\(t: the engine gives \d+, the file 0\)")


def test_a_missing_session_started_is_refused() -> None:
    rows = [SOLVED[0]] + [{**r, "seq": r["seq"] - 1} for r in SOLVED[2:]]
    _refused(rows, r"^drill.jsonl:2: error: the log must begin with session_started")


def test_a_second_session_started_is_refused() -> None:
    rows = [*SOLVED, {**SOLVED[1], "seq": len(SOLVED)}]
    _refused(rows, rf"^drill.jsonl:{len(rows)}: error: the engine refuses this session_started: the session has "
                   "already started")


def test_lines_without_seq_or_with_gaps_are_refused() -> None:
    without = [dict(r) for r in SOLVED]
    del without[3]["seq"]
    _refused(without, r"^drill.jsonl:4: error: an event without a whole-number seq \(expected seq 3\)")
    gap = [*SOLVED[:3], *SOLVED[4:]]
    _refused(gap, r"^drill.jsonl:4: error: seq 4 where 3 was expected")


@pytest.mark.parametrize(("field", "value"), [("points", "3"), ("t", "600"), ("team", ["th-cert"]),
                                              ("step", None), ("comment", 7)])
def test_wrong_field_types_are_refused_not_imported(field: str, value: object) -> None:
    rows = [dict(r) for r in SOLVED]
    i = _line_of(rows, "mark_given")
    rows[i][field] = value
    _refused(rows, rf"^drill.jsonl:{i + 1}: error: ")


def test_an_event_the_engine_did_not_produce_is_refused() -> None:
    rows = [dict(r) for r in SOLVED]
    i = _line_of(rows, "inject_delivered", inject="victim-call")
    rows[i] = {**rows[i], "subject": "Please run the attached invoice.exe"}
    _refused(rows, rf"^drill.jsonl:{i + 1}: error: inject_delivered differs from what the engine records "
                   r"\(subject: the engine gives")


def test_the_header_score_pack_path_and_passphrase_are_not_taken_as_given(tmp_path: Path) -> None:
    rows = [dict(r) for r in EMPTY]
    header = json.loads(json.dumps(rows[0]))
    header["session"]["score"] = {"th-cert": 100.0, "ru-cert": 100.0}
    header["session"]["score_seq"] = header["session"]["last_seq"]
    header["session"]["status"] = "open"
    header["session"]["settings"] = {"pack_path": str(tmp_path), "seating": "hosted",
                                     PASSPHRASE_SETTING: hash_passphrase("attacker's")}
    rows[0] = header
    target = MemoryLog()
    imported = import_file(target, _lines(rows), "drill.jsonl", PACKS)
    info = imported.info
    assert info.score == {"th-cert": 0.0, "ru-cert": 0.0} and info.status == "ended"
    assert info.settings == {"pack_path": str(MINI), "pack_id": "mini", "seating": "hosted"}
    assert [n.split(" (")[0] for n in imported.notes] == ["the file's instructor passphrase was not imported"]


def test_the_session_id_of_the_header_must_be_its_session_started_one() -> None:
    rows = [json.loads(json.dumps(r)) for r in SOLVED]
    rows[0]["session"]["id"] = "someone-else"
    _refused(rows, r"^drill.jsonl:1: error: the header names session 'someone-else'")


def test_sessions_shows_the_replayed_score_not_the_files(tmp_path: Path) -> None:
    rows = [json.loads(json.dumps(r)) for r in EMPTY]
    rows[0]["session"]["score"] = {"th-cert": 100.0, "ru-cert": 100.0}
    export = tmp_path / "forged.jsonl"
    export.write_text("\n".join(_lines(rows)) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'drill.db'}"
    run = [sys.executable, "-m", "cyberdrill"]
    done = subprocess.run([*run, "import", str(export), "--db", url, "--packs", str(MINI.parent)],
                          capture_output=True, text=True, env=child_env(), timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run([*run, "sessions", "--db", url], capture_output=True, text=True, env=child_env(),
                            timeout=120, check=False).stdout
    assert "th-cert 0%  ru-cert 0%" in listed and "100%" not in listed
    forged = [json.loads(json.dumps(r)) for r in SOLVED]
    forged[_line_of(forged, "mark_given")]["points"] = 1000.0
    export.write_text("\n".join(_lines(forged)) + "\n", encoding="utf-8")
    refused = subprocess.run([*run, "import", str(export), "--db", f"sqlite:///{tmp_path / 'other.db'}",
                              "--packs", str(MINI.parent)], capture_output=True, text=True, env=child_env(),
                             timeout=120, check=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert re.fullmatch(rf"{re.escape(str(export))}:\d+: error: the engine refuses this mark_given: .*; nothing "
                        r"imported\n", refused.stderr)
    assert open_log(f"sqlite:///{tmp_path / 'other.db'}").sessions() == []


# ------------------------------------------------------------------------------------- hypothesis

VALUES = st.one_of(st.integers(-10, 100_000), st.floats(allow_nan=False, width=32), st.booleans(), st.none(),
                   st.text(max_size=12), st.lists(st.integers(0, 3), max_size=2))


def _mutations() -> st.SearchStrategy[Callable[[Rows], Rows]]:
    n = len(SOLVED)

    def set_field(i: int, key_pick: int, value: object) -> Callable[[Rows], Rows]:
        def apply(rows: Rows) -> Rows:
            i_ = min(i, len(rows) - 1)
            row = dict(rows[i_])
            keys = sorted(row)
            row[keys[key_pick % len(keys)]] = value
            return [*rows[:i_], row, *rows[i_ + 1:]]
        return apply

    def renumber(row: dict, by: int) -> dict:
        return {**row, "seq": row["seq"] + by} if type(row.get("seq")) is int else row

    def drop(i: int) -> Callable[[Rows], Rows]:
        return lambda rows: [*rows[:i], *(renumber(r, -1) for r in rows[i + 1:])] if i < len(rows) else rows

    def swap(i: int) -> Callable[[Rows], Rows]:
        def apply(rows: Rows) -> Rows:
            if i + 1 >= len(rows):
                return rows
            out = [dict(r) for r in rows]
            out[i], out[i + 1] = {**out[i + 1], "seq": out[i].get("seq")}, {**out[i], "seq": out[i + 1].get("seq")}
            return out
        return apply

    def duplicate(i: int) -> Callable[[Rows], Rows]:
        return lambda rows: [*rows[:i + 1], *(renumber(r, 1) for r in rows[i:])] if i < len(rows) else rows

    events = st.integers(1, n - 1)
    return st.one_of(st.builds(set_field, events, st.integers(0, 20), VALUES), st.builds(drop, events),
                     st.builds(swap, st.integers(1, n - 2)), st.builds(duplicate, events))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_mutations(), min_size=1, max_size=2))
def test_a_mutated_export_is_refused_at_a_line_or_imports_to_the_score_of_its_replay(mutations: list) -> None:
    rows = SOLVED
    for mutate in mutations:
        rows = mutate(rows)
    target = MemoryLog()
    try:
        imported = import_file(target, _lines(rows), "drill.jsonl", PACKS)
    except ExportError as error:
        assert re.match(r"drill.jsonl:\d+: error: \S", str(error)), str(error)
        assert "\n" not in str(error)
        assert target.sessions() == []
        return
    except SessionPackProblem as error:  # session_started names another (well-formed) pack id
        assert "not found" in str(error) and target.sessions() == []
        return
    info = imported.info
    replayed = DrillService(target, LOADED).open(info.id).scorecard()
    assert info.score == {team.team: team.percent for team in replayed.teams}
    assert [json.loads(line) for line in export_lines(target, info.id)][1:] == rows[1:]
