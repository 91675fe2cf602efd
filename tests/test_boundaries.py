"""The layering of DESIGN.md, checked by importing modules in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("textual", "sqlmodel", "sqlalchemy")


def imported_by(code: str) -> set[str]:
    probe = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


@pytest.mark.parametrize(
    "module",
    ["cyberdrill.engine.events", "cyberdrill.engine.commands", "cyberdrill.engine.scorecard", "cyberdrill.pack.model"],
)
def test_core_imports_no_ui_or_database(module: str) -> None:
    loaded = imported_by(f"import {module}")
    assert not loaded & set(HEAVY), f"{module} pulled in {loaded & set(HEAVY)}"


def test_the_event_contracts_and_the_store_load_no_jinja2_or_pydantic() -> None:
    # What a store, an exporter or a replay tool needs: the events and the log, nothing of the pack machinery.
    loaded = imported_by("import cyberdrill.engine.events, cyberdrill.engine.commands, cyberdrill.store")
    assert not loaded & {*HEAVY, "faker", "jinja2", "pydantic", "yaml"}


def test_the_engine_names_still_import_from_the_package() -> None:
    loaded = imported_by("from cyberdrill.engine import evolve, replay, score, CommandRefused")
    assert "jinja2" in loaded  # scoring renders pack text: loaded on use, not by the contracts


def test_decide_and_upcoming_are_functions_whatever_was_imported_first() -> None:
    # A lazily loaded package name that is also a submodule's name would turn into the module once the
    # submodule is imported; these two are imported from their modules, and the package does not offer them.
    code = ("import cyberdrill.engine.decide, cyberdrill.engine.upcoming\n"
            "from cyberdrill.engine.decide import decide\nfrom cyberdrill.engine.upcoming import upcoming\n"
            "assert callable(decide) and callable(upcoming)\n"
            "import cyberdrill.engine as e\nassert 'decide' not in e.__all__ and 'upcoming' not in e.__all__")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_engine_imports_no_ui_database_or_faker() -> None:
    loaded = imported_by("import cyberdrill.engine, cyberdrill.service")
    assert not loaded & {*HEAVY, "faker"}


def test_cli_parser_is_light() -> None:
    loaded = imported_by("from cyberdrill.cli import build_parser; build_parser()")
    assert not loaded & {*HEAVY, "faker", "jinja2"}


def test_version_flag() -> None:
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("cyberdrill ")


def test_events_round_trip_through_json() -> None:
    from cyberdrill.engine.events import EVENT_TYPES, InjectDelivered, from_json

    event = InjectDelivered(t=60, message="M1", inject="i1", sender="bank", to=("th",), channel="phone",
                            tlp="TLP:AMBER", subject="s", body="b", attachments=("a.csv",))
    assert from_json(json.loads(json.dumps(event.to_json()))) == event
    assert "session_started" in EVENT_TYPES
