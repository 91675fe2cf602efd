"""Scripts: timed team actions and evaluator marks, played headless against a drill.

A script is YAML, a list of `{at, team, action, fields, reply_to}` or `{at, team, mark: STEP, points,
comment}` (docs/engine-semantics.md, "Scripts"). Field values may be templates over `world` and
`attachments`; `reply_to` names an inject, meaning the latest message of it the team has received.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cyberdrill.engine.commands import CommandRefused, EndSession, GiveMark, TakeAction, Tick
from cyberdrill.pack.loaded import Diagnostic, PackError
from cyberdrill.pack.model import ScriptEntry, format_clock
from cyberdrill.service import Drill, wall_now

_ENTRIES = TypeAdapter(list[ScriptEntry])


def load_script(path: str | Path) -> list[ScriptEntry]:
    """The entries of a script file; PackError with FILE:LINE:COL diagnostics when it is not valid."""
    from cyberdrill.pack.folder import display
    from cyberdrill.pack.schema_errors import schema_diagnostics
    from cyberdrill.pack.yamlnodes import Pos, parse_yaml

    path = Path(path)
    name = display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([Diagnostic(name, 1, 1, f"cannot read the script: {exc}")]) from None
    doc = parse_yaml(text, name)
    if doc.problems:
        raise PackError([Diagnostic(p.file, p.line, p.col, message) for p, message in doc.problems])
    if not isinstance(doc.value, list):
        pos = doc.at(()) if doc.value is not None else Pos(name, 1, 1)
        raise PackError([Diagnostic(pos.file, pos.line, pos.col,
                                    "a script is a list of entries ('- at: \"T+00:10\"' ...)")])
    try:
        return list(_ENTRIES.validate_python(doc.value))
    except ValidationError as exc:
        raise PackError(schema_diagnostics(exc, doc.value, doc, list[ScriptEntry])) from None


@dataclass(frozen=True)
class Refusal:
    """A script entry the engine refused (a form error, a reply to a message not received ...)."""

    entry: ScriptEntry
    message: str
    fields: dict[str, str]

    def __str__(self) -> str:
        what = self.entry.action or f"mark {self.entry.mark}"
        return f"{format_clock(self.entry.at)} {self.entry.team} {what}: refused: {self.message}"


def _render(drill: Drill, fields: dict[str, Any]) -> dict[str, Any]:
    from cyberdrill.pack.text import TemplateProblem, render_value  # Jinja2: only when a script plays

    state = drill.state
    try:
        return dict(render_value(fields, {"world": state.world, "attachments": state.attachments}))
    except TemplateProblem as exc:
        raise CommandRefused(f"a field could not be rendered: {exc}") from None


def _play_entry(drill: Drill, entry: ScriptEntry) -> None:
    if entry.mark is not None:
        drill.execute(GiveMark(at=entry.at, wall_at=wall_now(), team=entry.team, step=entry.mark,
                               points=float(entry.points or 0.0), comment=entry.comment or ""))
        return
    reply_to = None
    if entry.reply_to is not None:
        reply_to = drill.state.latest.get((entry.team, entry.reply_to))
        if reply_to is None:
            raise CommandRefused(f"no message of inject {entry.reply_to} has reached {entry.team} by "
                                 f"{format_clock(entry.at)}", {"reply_to": "not received"})
    drill.execute(TakeAction(at=entry.at, wall_at=wall_now(), team=entry.team, action=entry.action or "",
                             fields=_render(drill, entry.fields), reply_to=reply_to))


def play_script(drill: Drill, entries: list[ScriptEntry], end: bool = True) -> list[Refusal]:
    """Play `entries` in time order (a stable sort: entries at the same time keep their order); then, if
    `end`, advance to the later of the pack's duration and the last entry and end the session there.
    Returns the entries the engine refused; the others are in the log."""
    refusals: list[Refusal] = []
    ordered = sorted(entries, key=lambda e: e.at)
    for entry in ordered:
        if drill.state.ended:
            refusals.append(Refusal(entry, "the session has ended", {}))
            continue
        drill.execute(Tick(at=entry.at, wall_at=wall_now()))  # deliver what is due, so reply_to can find it
        try:
            _play_entry(drill, entry)
        except CommandRefused as exc:
            refusals.append(Refusal(entry, exc.message, exc.fields))
    if end and not drill.state.ended:
        last = max([drill.loaded.pack.duration, drill.state.t] + [e.at for e in ordered])
        drill.execute(Tick(at=last, wall_at=wall_now()))
        drill.execute(EndSession(at=last, wall_at=wall_now()))
    return refusals
