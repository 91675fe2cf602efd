"""Seeded synthetic worlds for a run, generated from the pack with Faker.

`generate_world(pack, seed)` builds a run's world; `world_shape(pack)` and `check_world_path` describe
and check it without generating it. Faker is imported only when a world is generated.
"""

from __future__ import annotations

from cyberdrill.world.generate import WorldError, derive_seed, generate_world
from cyberdrill.world.providers import FAKER_PROVIDERS, provider_problem
from cyberdrill.world.shape import check_world_path, generator_problem, world_shape

__all__ = [
    "FAKER_PROVIDERS",
    "WorldError",
    "check_world_path",
    "derive_seed",
    "generate_world",
    "generator_problem",
    "provider_problem",
    "world_shape",
]
