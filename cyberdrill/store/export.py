"""The export file: a session's log as JSON lines, portable between databases and cyberdrill installs.

Line 1, the header: `{"cyberdrill_export": 1, "session": {...SessionInfo...}}`.
Every further line: one event, `{"seq": n, **event.to_json()}`, seq 1, 2, 3 ... without gaps.
UTF-8, keys in a fixed order, so export -> import -> export gives the same bytes. Works on any EventLog.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any

from cyberdrill.engine.events import Event, SessionStarted, from_json
from cyberdrill.store.base import EventLog, SessionInfo

FORMAT_KEY = "cyberdrill_export"
FORMAT_VERSION = 1


class ExportError(Exception):
    """The file is not a cyberdrill export, or is damaged; the message names the line."""


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def export_lines(log: EventLog, session: str) -> Iterator[str]:
    """The export of `session` (an id or a unique prefix), line by line, each ending in a newline."""
    info = log.session(session)
    yield _line({FORMAT_KEY: FORMAT_VERSION, "session": dataclasses.asdict(info)})
    for seq, event in log.read(info.id):
        yield _line({"seq": seq, **event.to_json()})


def import_lines(log: EventLog, lines: Iterable[str], source: str = "<export>") -> SessionInfo:
    """Restore a session from export lines into `log`, all its events in one append. Raises
    SessionExists if the log already holds its id, ExportError if the file is not a valid export.
    A file without a header (a bare event log) is accepted: the session is described from its
    `session_started` event."""
    info: SessionInfo | None = None
    events: list[Event] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ExportError(f"{source}:{number}: not JSON ({error.msg})") from error
        if not isinstance(data, dict):
            raise ExportError(f"{source}:{number}: expected a JSON object")
        if FORMAT_KEY in data:
            info = _header(data, f"{source}:{number}")
            continue
        expected = len(events) + 1
        if data.get("seq", expected) != expected:
            raise ExportError(f"{source}:{number}: seq {data.get('seq')} where {expected} was expected")
        body = {k: v for k, v in data.items() if k != "seq"}
        try:
            events.append(from_json(body))
        except (ValueError, TypeError) as error:
            raise ExportError(f"{source}:{number}: {error}") from error
    described = info is None
    if info is None:
        info = _described_by_first_event(events, source)
    log.create_session(dataclasses.replace(info, last_seq=0, exercise_time=0))
    log.append(info.id, 0, events)
    if not described:
        # The header's status, score and settings are restored as they were; last_seq and
        # exercise_time follow from the events just appended.
        log.update_session(info)
    return log.session(info.id)


def _header(data: dict[str, Any], where: str) -> SessionInfo:
    if data[FORMAT_KEY] != FORMAT_VERSION:
        raise ExportError(f"{where}: export format {data[FORMAT_KEY]} is newer than this cyberdrill reads "
                          f"({FORMAT_VERSION}); upgrade cyberdrill")
    names = {f.name for f in dataclasses.fields(SessionInfo)}
    try:
        return SessionInfo(**{k: v for k, v in data["session"].items() if k in names})
    except (KeyError, TypeError) as error:
        raise ExportError(f"{where}: the session header is incomplete ({error})") from error


def _described_by_first_event(events: list[Event], source: str) -> SessionInfo:
    if not events or not isinstance(events[0], SessionStarted):
        raise ExportError(f"{source}: no header line and no session_started event: not a cyberdrill export")
    start = events[0]
    return SessionInfo(id=start.session, pack=start.pack, pack_version=start.pack_version,
                       pack_hash=start.pack_hash, seed=start.seed, teams=list(start.teams),
                       settings={"time_scale": start.time_scale})
