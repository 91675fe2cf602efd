"""A minimal pack around a `world` section, for the world's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cyberdrill.pack.model import Pack

MINIMAL: dict[str, Any] = {
    "id": "world-test",
    "title": "World test",
    "version": "1",
    "authors": ["tests"],
    "summary": "A pack that exists to hold a world.",
    "duration": "2h",
    "start": "2026-11-23T09:00:00+07:00",
    "objectives": [{"id": "o1", "text": "Respond", "capability": "Operational Coordination"}],
    "teams": [{"id": "th", "name": "ThaiCERT", "country": "TH", "timezone": "Asia/Bangkok", "locale": "th_TH"}],
    "channels": [{"id": "email", "name": "E-mail"}],
    "actions": {"note": {"title": "Note", "fields": {"text": {"type": "text", "label": "Text"}}}},
    "steps": [{"id": "s1", "team": "th", "title": "Note", "objective": "o1", "action": "note", "points": 1,
               "cite": "none", "lesson": "none"}],
}


def pack_data(world: dict[str, Any], **sections: Any) -> dict[str, Any]:
    """The plain data of a valid pack whose world section is `world` (as the loader would read it)."""
    return {**MINIMAL, "world": world, **sections}


def make_pack(world: dict[str, Any], **sections: Any) -> Pack:
    """A valid pack whose world section is `world`."""
    return Pack.model_validate(pack_data(world, **sections))


def remittance_world_section() -> dict[str, Any]:
    """A world like the flagship's: Thai victims, Russian mules, a hoster, an amount, a panel IP."""
    return {
        "victims": {"count": 3, "locale": "th_TH", "fields": {
            "name": {"faker": "name"},
            "address": {"faker": "address"},
            "phone": {"faker": "phone_number"},
            "lost": {"int": [20000, 900000], "step": 1000},
        }},
        "mules": {"count": 2, "locale": "ru_RU", "fields": {
            "name": {"faker": "name"},
            "city": {"faker": "city"},
            "account": {"pattern": "40817810#########"},
            "bic": {"faker": "bic"},
        }},
        "hoster": {"fields": {
            "name": {"faker": "company", "locale": "ru_RU"},
            "domain": {"faker": "domain_name"},
        }},
        "panel_ip": {"faker": "ipv4_public"},
        "wired_at": {"faker": "date_time_between", "args": {"start_date": "-3d", "end_date": "-1d"}},
        "rate": {"number": [2.5, 2.9], "digits": 3},
        "case": {"pattern": "TH-??-####"},
        "currency": {"choice": ["THB", "RUB"]},
        "indicators": {"sample": ["a.example", "b.example", "c.example", "d.example"], "k": 2},
        "headline": {"template": "{{ world.victims | length }} victims; panel at {{ world.panel_ip }}"},
        "desk": {"value": {"name": "Fraud desk", "hours": [9, 18]}},
    }


@pytest.fixture
def pack_with_world() -> Callable[..., Pack]:
    """make_pack, for tests (conftest modules are not imported by name)."""
    return make_pack


@pytest.fixture
def pack_data_with_world() -> Callable[..., dict[str, Any]]:
    """pack_data, for tests that hand a pack to another process."""
    return pack_data


@pytest.fixture
def remittance_world() -> dict[str, Any]:
    """A fresh copy of the flagship-like world section."""
    return remittance_world_section()
