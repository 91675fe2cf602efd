"""The pure drill engine: decide(command, state) -> events; evolve(state, event) -> state; scoring."""
