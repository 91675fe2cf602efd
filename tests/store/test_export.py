"""The export file: export -> import -> export gives the same bytes, across databases too."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from store_builders import action, new_info

from cyberdrill.engine.events import InjectDelivered, SessionEnded, SessionStarted
from cyberdrill.store import EventLog, MemoryLog, SessionExists, open_log
from cyberdrill.store.export import ExportError, export_lines, import_lines


def _played(log: EventLog) -> str:
    info = new_info()
    info.settings["instructor_passphrase"] = "scrypt$16384$8$1$00$00"
    log.create_session(info)
    start = SessionStarted(t=0, session=info.id, pack="mini", pack_version="1.0", pack_hash="sha256:abc", seed=7,
                           teams=("ru-nccci", "th-thaicert"), world={"victim": {"name": "Сомчай ใจดี"}, "amount": 1.5},
                           attachments={}, time_scale=60.0, wall_at="2025-03-01T09:00:00+00:00")
    message = InjectDelivered(t=60, message="M1", inject="call", sender="bank", to=("th-thaicert",), channel="phone",
                              tlp="TLP:AMBER", subject="โทร", body="Перевод", attachments=())
    log.append(info.id, 0, [start, message, action(120), SessionEnded(t=3600, wall_at="2025-03-01T10:00:00+00:00")])
    cached = log.session(info.id)
    cached.score, cached.score_seq = {"th-thaicert": 87.5, "ru-nccci": 40.0}, 4
    log.update_session(cached)
    return info.id


def test_export_import_export_is_byte_identical(db_url: str, tmp_path: Path) -> None:
    source = open_log(db_url)
    session = _played(source)
    first = "".join(export_lines(source, session))
    target = open_log(f"sqlite:///{tmp_path / 'other.db'}")
    imported = import_lines(target, io.StringIO(first))
    assert imported.id == session and imported.status == "ended"
    assert "".join(export_lines(target, session)) == first


def test_the_export_starts_with_a_header_then_one_event_per_line(db_url: str) -> None:
    log = open_log(db_url)
    session = _played(log)
    lines = [json.loads(line) for line in export_lines(log, session)]
    assert lines[0]["cyberdrill_export"] == 1 and lines[0]["session"]["id"] == session
    assert [line["seq"] for line in lines[1:]] == [1, 2, 3, 4]
    assert [line["type"] for line in lines[1:]] == ["session_started", "inject_delivered", "action_taken",
                                                    "session_ended"]


def test_importing_a_session_the_database_already_holds_is_refused(db_url: str) -> None:
    log = open_log(db_url)
    session = _played(log)
    exported = list(export_lines(log, session))
    with pytest.raises(SessionExists, match=session):
        import_lines(log, exported)
    assert len(log.read(session)) == 4


def test_a_bare_event_log_is_imported_from_its_session_started_event() -> None:
    source = MemoryLog()
    session = _played(source)
    bare = list(export_lines(source, session))[1:]
    target = MemoryLog()
    info = import_lines(target, bare)
    assert (info.id, info.pack, info.seed, info.teams) == (session, "mini", 7, ["ru-nccci", "th-thaicert"])
    assert target.read(session) == source.read(session)


@pytest.mark.parametrize(("damage", "message"), [
    (lambda lines: [*lines[:2], "{not json\n", *lines[2:]], r"<export>:3: not JSON"),
    (lambda lines: [lines[0], *lines[2:]], r"<export>:2: seq 2 where 1 was expected"),
    (lambda lines: [lines[0], lines[1].replace("session_started", "session_begun")], r"unknown event type"),
])
def test_a_damaged_file_names_the_line(damage: object, message: str) -> None:
    source = MemoryLog()
    lines = list(export_lines(source, _played(source)))
    target = MemoryLog()
    with pytest.raises(ExportError, match=message):
        import_lines(target, damage(lines))  # type: ignore[operator]
    assert target.sessions() == []
