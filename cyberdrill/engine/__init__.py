"""The pure drill engine: decide(command, state) -> events; evolve(state, event) -> state; scoring.

No I/O, no clock reads, no UI or database: the same pack, events and commands always give the same
events, state and scorecard. docs/engine-semantics.md is the rule book this package implements.
"""

from __future__ import annotations

from cyberdrill.engine.clock import exercise_time_at, local_time
from cyberdrill.engine.commands import CommandRefused
from cyberdrill.engine.decide import decide
from cyberdrill.engine.scoring import score
from cyberdrill.engine.state import State, evolve, initial_state, replay
from cyberdrill.engine.upcoming import Upcoming, upcoming

__all__ = [
    "CommandRefused",
    "State",
    "Upcoming",
    "decide",
    "evolve",
    "exercise_time_at",
    "initial_state",
    "local_time",
    "replay",
    "score",
    "upcoming",
]
