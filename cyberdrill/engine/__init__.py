"""The pure drill engine: decide(command, state) -> events; evolve(state, event) -> state; scoring.

No I/O, no clock reads, no UI or database: the same pack, events and commands always give the same
events, state and scorecard. docs/engine-semantics.md is the rule book this package implements.

The names below load on first use (PEP 562): importing a contract module such as
`cyberdrill.engine.events` or `cyberdrill.engine.commands` loads neither pydantic nor Jinja2, which
only the deciding, scoring and text-rendering modules need.

`decide` and `upcoming` are imported from their own modules (`cyberdrill.engine.decide`,
`cyberdrill.engine.upcoming`): a lazily loaded package name that is also a submodule's name would be the
function or the module depending on what was imported first.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cyberdrill.engine.clock import exercise_time_at, local_time
    from cyberdrill.engine.commands import CommandRefused
    from cyberdrill.engine.scoring import score
    from cyberdrill.engine.state import State, evolve, initial_state, replay
    from cyberdrill.engine.upcoming import Upcoming

_HOME = {
    "exercise_time_at": "clock",
    "local_time": "clock",
    "CommandRefused": "commands",
    "score": "scoring",
    "State": "state",
    "evolve": "state",
    "initial_state": "state",
    "replay": "state",
    "Upcoming": "upcoming",
}

__all__ = [
    "CommandRefused",
    "State",
    "Upcoming",
    "evolve",
    "exercise_time_at",
    "initial_state",
    "local_time",
    "replay",
    "score",
]


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(f"cyberdrill.engine.{home}")
    # Every public name of that module at once, so one import binds them all.
    for other, where in _HOME.items():
        if where == home:
            globals()[other] = getattr(module, other)
    return globals()[name]
