"""The published JSON Schema of the pack format (docs/schema/, `cyberdrill schema`): in sync with the models,
accepting every pack file and script the project ships, and flagging what an author's editor should flag."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cyberdrill.pack.json_schema import pack_file_schema, schema_text, script_schema, translation_schema
from cyberdrill.pack.yamlnodes import parse_yaml
from cyberdrill.paths import exercises_dir

REPO = Path(__file__).resolve().parents[2]
FOLDERS = [*sorted(p.parent for p in exercises_dir().glob("*/pack.yaml")),
           REPO / "tests" / "fixtures" / "packs" / "mini", REPO / "cyberdrill" / "pack" / "scaffold"]


def as_editor_sees(value: Any) -> Any:
    """A pack file as JSON: what YAML read as a timestamp is text to an editor."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    return value.isoformat() if isinstance(value, datetime) else value


def problems(validator: Draft202012Validator, text: str) -> list[str]:
    doc = parse_yaml(text, "file.yaml").value
    errors = validator.iter_errors(as_editor_sees(doc))
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


SCHEMA_FILES = {"pack": "pack-file", "script": "script", "translation": "translation"}


@pytest.mark.parametrize("kind", ["pack", "script", "translation"])
def test_the_committed_schema_is_the_generated_one(kind: str) -> None:
    committed = REPO / "docs" / "schema" / f"{SCHEMA_FILES[kind]}.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(kind), (
        f"regenerate: cyberdrill schema {kind} -o {committed.relative_to(REPO)}")
    Draft202012Validator.check_schema(json.loads(schema_text(kind)))


def test_cyberdrill_schema_prints_it() -> None:
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "schema", "script"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == schema_text("script")


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_shipped_pack_file_and_script_passes(folder: Path) -> None:
    packs, scripts = Draft202012Validator(pack_file_schema()), Draft202012Validator(script_schema())
    translations = Draft202012Validator(translation_schema())
    files = sorted(folder.rglob("*.yaml"))
    assert len(files) >= 7
    for path in files:
        is_script = path.name == "solution.yaml" or path.parent.name == "scripts"
        validator = translations if path.parent.name == "translations" else scripts if is_script else packs
        assert problems(validator, path.read_text(encoding="utf-8")) == [], path


def test_an_editor_flags_typos_bad_times_and_wrong_types() -> None:
    packs, scripts = Draft202012Validator(pack_file_schema()), Draft202012Validator(script_schema())
    step = ("steps:\n  - {id: s, team: t, title: T, objective: o, action: a, cite: c, lesson: l,\n"
            "     due: %s, %s: [x], points: %s}\n")
    found = problems(packs, step % ("90", "requries", "ten"))
    assert any(p.startswith("steps/0: Additional properties") and "requries" in p for p in found), found
    assert any(p.startswith("steps/0/due: ") for p in found), found
    assert any(p.startswith("steps/0/points: 'ten'") for p in found), found
    assert problems(packs, step % ("1h30m", "requires", "10")) == []
    assert problems(scripts, "- {at: 'T+00:20', team: t, action: a}\n") == []
    assert any(p.startswith("0/at: ") for p in problems(scripts, "- {at: 20, team: t, action: a}\n"))


def test_an_editor_flags_a_translation_key_the_format_does_not_have() -> None:
    translations = Draft202012Validator(translation_schema())
    assert problems(translations, "language: ru\ninjects:\n  m1: {subject: Тема, body: Текст}\n") == []
    found = problems(translations, "language: ru\ninjects:\n  m1: {subjet: Тема}\nsteps:\n  s: {tlp: x}\n")
    assert any(p.startswith("injects/m1: Additional properties") and "subjet" in p for p in found), found
    assert any(p.startswith("steps/s: Additional properties") and "tlp" in p for p in found), found
    assert any(p.startswith("language: ") for p in problems(translations, "language: Russian\n")), found
