"""Seeded synthetic worlds for a run, generated from the pack with Faker.

`generate_world(pack, seed)` builds a run's world (the shape of a world, known without generating it, is
the pack format's: `cyberdrill.pack.world_shape`). Faker is imported only when a world is generated.

The names below load on first use: `cyberdrill.pack` imports the leaf modules `world.providers` and
`world.locales`, and loading this package must not drag in the generator, which imports the pack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cyberdrill.world.generate import WorldError, derive_seed, generate_world
    from cyberdrill.world.providers import FAKER_PROVIDERS, provider_problem

_HOMES = {
    "WorldError": "cyberdrill.world.generate",
    "derive_seed": "cyberdrill.world.generate",
    "generate_world": "cyberdrill.world.generate",
    "FAKER_PROVIDERS": "cyberdrill.world.providers",
    "provider_problem": "cyberdrill.world.providers",
}

__all__ = ["FAKER_PROVIDERS", "WorldError", "derive_seed", "generate_world", "provider_problem"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'cyberdrill.world' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
