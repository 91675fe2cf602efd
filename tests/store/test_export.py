"""The export file: export -> import -> export gives the same bytes, across databases too."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from drills import MINI, solved

from cyberdrill.import_check import import_file
from cyberdrill.store import MemoryLog, SessionExists, open_log
from cyberdrill.store.export import ExportError, export_lines, read_export

PACKS = [MINI.parent]


def test_export_import_export_is_byte_identical(db_url: str, tmp_path: Path) -> None:
    drill = solved(db_url)
    first = "".join(export_lines(drill.log, drill.session_id))
    target = open_log(f"sqlite:///{tmp_path / 'other.db'}")
    imported = import_file(target, io.StringIO(first), "<export>", PACKS).info
    assert imported.id == drill.session_id and imported.status == "ended"
    assert "".join(export_lines(target, drill.session_id)) == first


def test_the_export_starts_with_a_header_then_one_event_per_line(db_url: str) -> None:
    drill = solved(db_url)
    lines = [json.loads(line) for line in export_lines(drill.log, drill.session_id)]
    assert lines[0]["cyberdrill_export"] == 1 and lines[0]["session"]["id"] == drill.session_id
    assert [line["seq"] for line in lines[1:]] == list(range(1, drill.seq + 1))
    assert lines[1]["type"] == "session_started" and lines[-1]["type"] == "session_ended"


def test_importing_a_session_the_database_already_holds_is_refused(db_url: str) -> None:
    drill = solved(db_url)
    exported = list(export_lines(drill.log, drill.session_id))
    with pytest.raises(SessionExists, match=drill.session_id):
        import_file(drill.log, exported, "<export>", PACKS)
    assert len(drill.log.read(drill.session_id)) == drill.seq


def test_a_bare_event_log_is_imported_from_its_session_started_event(tmp_path: Path) -> None:
    drill = solved(f"sqlite:///{tmp_path / 'drill.db'}")
    bare = list(export_lines(drill.log, drill.session_id))[1:]
    target = MemoryLog()
    info = import_file(target, bare, "<export>", PACKS).info
    assert (info.id, info.pack, info.seed, info.teams) == (drill.session_id, "mini", 1, ["th-cert", "ru-cert"])
    assert target.read(drill.session_id) == drill.log.read(drill.session_id)


@pytest.mark.parametrize(("damage", "message"), [
    (lambda lines: [*lines[:2], "{not json\n", *lines[2:]], r"^<export>:3: error: not JSON"),
    (lambda lines: [lines[0], *lines[2:]], r"^<export>:2: error: seq 2 where 1 was expected"),
    (lambda lines: [lines[0], lines[1].replace("session_started", "session_begun")],
     r"^<export>:2: error: unknown event type 'session_begun'"),
    (lambda lines: [lines[0], lines[0], *lines[1:]], r"^<export>:2: error: a second header"),
    (lambda lines: [lines[0].replace('"cyberdrill_export": 1', '"cyberdrill_export": 9'), *lines[1:]],
     r"^<export>:1: error: export format 9 is not the one this cyberdrill reads"),
])
def test_a_damaged_file_names_the_line(damage: object, message: str, tmp_path: Path) -> None:
    drill = solved(f"sqlite:///{tmp_path / 'drill.db'}")
    lines = list(export_lines(drill.log, drill.session_id))
    with pytest.raises(ExportError, match=message):
        read_export(damage(lines))  # type: ignore[operator]
    target = MemoryLog()
    with pytest.raises(ExportError, match=message):
        import_file(target, damage(lines), "<export>", PACKS)  # type: ignore[operator]
    assert target.sessions() == []
