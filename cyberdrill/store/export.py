"""The export file: a session's log as JSON lines, portable between databases and cyberdrill installs.

Line 1, the header: `{"cyberdrill_export": 1, "session": {...SessionInfo...}}`.
Every further line: one event, `{"seq": n, **event.to_json()}`, seq 1, 2, 3 ... without gaps.
UTF-8, keys in a fixed order, so export -> import -> export gives the same bytes. Works on any EventLog.
Importing is checked by replaying through the engine: cyberdrill/import_check.py.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cyberdrill.engine.events import Event, from_json
from cyberdrill.store.base import EventLog

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


@dataclass(frozen=True)
class ExportFile:
    """An export file as read: its header (None for a bare event log) and its events with their lines."""

    header: dict[str, Any] | None
    header_line: int
    events: list[tuple[int, Event]]


def read_export(lines: Iterable[str], source: str = "<export>") -> ExportFile:
    """Parse export lines, checking their structure: JSON objects, at most one header and only first,
    every event with its `seq`, 1, 2, 3 ... without gaps, of a known type and version. Raises ExportError
    "FILE:LINE: error: ..." at the first problem. Whether the engine would have written these events is
    service-side (cyberdrill/import_check.py): the store knows no rules."""
    header: dict[str, Any] | None = None
    header_line = 0
    events: list[tuple[int, Event]] = []
    for number, text in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ExportError(f"{where}: error: not JSON ({error.msg})") from error
        if not isinstance(data, dict):
            raise ExportError(f"{where}: error: expected a JSON object")
        if FORMAT_KEY in data:
            if header is not None or events:
                raise ExportError(f"{where}: error: a second header, or a header after events")
            _check_header(data, where)
            header, header_line = data, number
            continue
        expected = len(events) + 1
        seq = data.get("seq")
        if type(seq) is not int:
            raise ExportError(f"{where}: error: an event without a whole-number seq (expected seq {expected})")
        if seq != expected:
            raise ExportError(f"{where}: error: seq {seq} where {expected} was expected")
        body = {k: v for k, v in data.items() if k != "seq"}
        if "v" in body and (type(body["v"]) is not int or body["v"] < 1):
            raise ExportError(f"{where}: error: event version {body['v']!r} is not a version cyberdrill wrote")
        try:
            event = from_json(body)
        except (ValueError, TypeError) as error:
            raise ExportError(f"{where}: error: {error}") from error
        unknown = sorted(set(body) - set(event.to_json()))
        if unknown:
            raise ExportError(f"{where}: error: {event.TYPE} has no field {', '.join(unknown)}")
        if type(event.t) is not int or event.t < 0:
            raise ExportError(f"{where}: error: {event.TYPE} has t={event.t!r}, not exercise seconds")
        events.append((number, event))
    return ExportFile(header, header_line, events)


def _check_header(data: dict[str, Any], where: str) -> None:
    if data[FORMAT_KEY] != FORMAT_VERSION:
        raise ExportError(f"{where}: error: export format {data[FORMAT_KEY]} is not the one this cyberdrill reads "
                          f"({FORMAT_VERSION}); upgrade cyberdrill")
    if not isinstance(data.get("session"), dict):
        raise ExportError(f"{where}: error: the header has no session object")
