"""Loading a pack folder: merging, scripts, attachments, hashing, and YAML refused with exact positions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pack_copies import SCAFFOLD, PackDir

from cyberdrill.pack.load import load_pack, read_pack
from cyberdrill.pack.loaded import PackError
from cyberdrill.pack.yamlnodes import parse_yaml


def test_scaffold_loads_clean() -> None:
    loaded, diagnostics = read_pack(SCAFFOLD)
    assert diagnostics == []
    assert loaded is not None
    assert [s.id for s in loaded.pack.steps] == ["th.classify", "th.freeze", "ru.classify", "ru.takedown", "th.sitrep"]
    assert sorted(loaded.scripts) == ["scripts/typical-mistakes", "solution"]
    assert loaded.scripts["solution"][-1].mark == "th.sitrep"
    assert "{{ world.mule.account }}" in loaded.attachment_sources["victim-statement.txt"]
    assert loaded.templates_dir is None
    assert loaded.pack.rules[0].on == "freeze_request"  # `on:` stays a key, not YAML 1.1's boolean True


def test_content_hash_is_stable_and_follows_every_file(pack: PackDir) -> None:
    first = load_pack(pack.root).content_hash
    assert load_pack(pack.root).content_hash == first
    (pack.root / ".DS_Store").write_bytes(b"editor litter")
    assert load_pack(pack.root).content_hash == first
    pack.append("attachments/victim-statement.txt", "\nSigned.\n")
    assert load_pack(pack.root).content_hash != first


def test_templates_folder_is_found(pack: PackDir) -> None:
    (pack.root / "templates").mkdir()
    assert load_pack(pack.root).templates_dir == pack.root / "templates"


def test_missing_folder_and_missing_pack_yaml(tmp_path: Path) -> None:
    _, diagnostics = read_pack(tmp_path / "nowhere")
    assert [d.message for d in diagnostics] == [f"no such pack folder: {tmp_path / 'nowhere'}"]
    _, diagnostics = read_pack(tmp_path)
    assert diagnostics[0].message.startswith(f"no pack.yaml in {tmp_path}")


# ------------------------------------------------------------------------------------- schema errors


def test_typo_suggests_the_key_and_the_pack_error_carries_every_problem(pack: PackDir) -> None:
    pack.edit("steps.yaml", "    requires: [th.classify]", "    requries: [th.classify]")
    assert pack.problems() == [
        f"{pack.where('steps.yaml', 'requries')}: unknown key 'requries' (did you mean 'requires'?)"
    ]
    # A second problem in another file: one PackError names both (the time zone's own hint is in test_checks).
    pack.edit("pack.yaml", "timezone: Europe/Moscow", "timezone: Europe/Moskow")
    with pytest.raises(PackError) as caught:
        load_pack(pack.root)
    messages = [d.message for d in caught.value.diagnostics]
    assert "unknown key 'requries' (did you mean 'requires'?)" in messages
    assert "unknown time zone 'Europe/Moskow' (did you mean 'Europe/Moscow'?)" in messages


def test_missing_key_is_named_at_its_mapping(pack: PackDir) -> None:
    pack.edit("steps.yaml", "    team: ru-cert\n    title: Classify the hoster's", "    title: Classify the hoster's")
    assert pack.problems() == [f"{pack.where('steps.yaml', 'id: ru.classify', at='id')}: missing required key 'team'"]


def test_aliased_key_from(pack: PackDir) -> None:
    pack.edit("injects.yaml", "    from: victim", "    frm: victim")
    assert pack.problems() == [
        f"{pack.where('injects.yaml', 'id: victim-call', at='id')}: missing required key 'from'",
        f"{pack.where('injects.yaml', 'frm:')}: unknown key 'frm' (did you mean 'from'?)",
    ]


def test_value_yaml_reads_as_boolean_gets_quoting_hint(pack: PackDir) -> None:
    pack.edit("pack.yaml", "    country: RU", "    country: NO")
    assert pack.problems() == [
        (f"{pack.where('pack.yaml', 'country: NO', at='NO')}: country: expected text, but YAML read NO as false; "
        "put it in quotes")
    ]


def test_wrong_type_and_bad_duration(pack: PackDir) -> None:
    pack.edit("steps.yaml", "    points: 20\n    cite: \"National", "    points: twenty\n    cite: \"National")
    pack.edit("steps.yaml", "    due: 1h\n    requires: [ru", "    due: 90\n    requires: [ru")
    assert pack.problems() == [
        f"{pack.where('steps.yaml', 'points: twenty', at='twenty')}: points: expected a number, not 'twenty'",
        (f"{pack.where('steps.yaml', 'due: 90', at='90')}: due: a duration is written like '30m', '4h', '1h30m' or "
        "'2d', not 90"),
    ]


def test_tlp_white_refused_with_hint(pack: PackDir) -> None:
    pack.edit("injects.yaml", "    tlp: TLP:GREEN", "    tlp: TLP:WHITE")
    assert pack.problems() == [
        (f"{pack.where('injects.yaml', 'TLP:WHITE')}: tlp: 'TLP:WHITE' is not a TLP 2.0 label (TLP:WHITE was "
        "retired in TLP 2.0; write TLP:CLEAR)")
    ]


def test_bad_condition_shape(pack: PackDir) -> None:
    pack.edit("injects.yaml", "unless: {fact: funds_frozen}", "unless: {facts: funds_frozen}")
    where = pack.where("injects.yaml", "unless: {facts", at="{facts")
    assert pack.problems() == [
        (f"{where}: unless: a condition is one of {{fact: ...}}, {{step: ...}}, {{fired: ...}}, {{penalty: ...}}, "
        "{published: MATCHER}, {all: [...]}, {any: [...]}, {not: ...}")
    ]


def test_comma_in_flow_mapping_explained(pack: PackDir) -> None:
    pack.edit("actions.yaml", "label: One-line summary}", "label: Summary (who, what)}")
    assert pack.problems() == [
        (f"{pack.where('actions.yaml', 'what)}', at='what')}: unknown key 'what)' (a comma inside {{...}} ends the "
        "value before it: put text holding commas in quotes)")
    ]


# ---------------------------------------------------------------------------------- YAML refused


def test_python_tag_refused_and_never_run(pack: PackDir, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    pack.edit("pack.yaml", 'version: "0.1"', f'version: !!python/object/apply:os.system ["touch {marker}"]')
    problems = pack.problems()
    assert problems[0] == (f"{pack.where('pack.yaml', 'version:', at='!!python')}: YAML tags are not allowed: pack "
                           "files are data (found !!python/object/apply:os.system)")
    assert not marker.exists()


def test_local_tag_refused(pack: PackDir) -> None:
    pack.edit("world.yaml", "panel_ip: {faker: ipv4_public}", "panel_ip: !ip {faker: ipv4_public}")
    assert pack.problems()[0] == (f"{pack.where('world.yaml', 'panel_ip', at='!ip')}: YAML tags are not allowed: "
                                  "pack files are data (found !ip)")


def test_duplicate_key_in_one_mapping(pack: PackDir) -> None:
    pack.edit("steps.yaml", "    due: 30m\n    match:\n      rsit: {equals: fraud/phishing}\n",
              "    due: 30m\n    due: 45m\n    match:\n      rsit: {equals: fraud/phishing}\n")
    first = pack.where("steps.yaml", "due: 30m", nth=2)
    assert pack.problems() == [
        (f"{pack.where('steps.yaml', 'due: 45m', at='due')}: duplicate key 'due' (first given on line "
        f"{first.split(':')[1]})")
    ]


def test_section_in_two_files(pack: PackDir) -> None:
    pack.append("world.yaml", "facts:\n  site_down: false\n")
    assert pack.problems() == [
        (f"{pack.where('world.yaml', 'facts:')}: section 'facts' is already given in "
        f"{pack.root / 'pack.yaml'}:{pack.where('pack.yaml', 'facts:').split(':')[1]}")
    ]


def test_syntax_error_position(pack: PackDir) -> None:
    pack.edit("rules.yaml", "    party: th-bank", "    party: [th-bank")
    (problem,) = pack.problems()
    assert problem.startswith("rules.yaml:") and "YAML syntax" in problem


def test_alias_bomb_stopped() -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for name, prev in zip("bcdefghij", "abcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    doc = parse_yaml("\n".join(lines), "bomb.yaml", max_values=100_000)
    assert doc.value is None
    assert doc.problems[0][1] == "more than 100,000 values: aliases expand too far (an alias bomb?)"


def test_recursive_alias_refused() -> None:
    doc = parse_yaml("a: &x [1, *x]\n", "loop.yaml")
    assert doc.problems == [(doc.values[("a",)], "a recursive alias (an anchor used inside itself) is not allowed")]


def test_merge_keys_fill_in() -> None:
    doc = parse_yaml("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n", "m.yaml")
    assert doc.value["thing"] == {"y": 3, "x": 1}
    assert doc.problems == []


# ------------------------------------------------------------------------------------------ attachments


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("attachments/missing.txt", "attachment file 'attachments/missing.txt' does not exist"),
        ("../outside.txt", "attachment file '../outside.txt' leaves the pack folder ('..' is not allowed)"),
        ("/etc/passwd", "attachment file '/etc/passwd' is an absolute path; name it relative to the pack folder"),
    ],
)
def test_attachment_paths(pack: PackDir, file: str, message: str) -> None:
    pack.edit("pack.yaml", "file: attachments/victim-statement.txt", f"file: {file}")
    assert pack.problems() == [f"{pack.where('pack.yaml', 'file:', at=file)}: {message}"]


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_attachment_symlink_escaping(pack: PackDir, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for trainees")
    (pack.root / "attachments" / "link.txt").symlink_to(secret)
    pack.edit("pack.yaml", "file: attachments/victim-statement.txt", "file: attachments/link.txt")
    assert pack.problems() == [
        (f"{pack.where('pack.yaml', 'file:', at='attachments/')}: attachment file 'attachments/link.txt' leaves the "
        "pack folder (through a symbolic link)")
    ]


def test_attachment_must_be_text(pack: PackDir) -> None:
    (pack.root / "attachments" / "victim-statement.txt").write_bytes(b"\x89PNG\r\n\x00\x00")
    assert pack.problems() == [
        (f"{pack.where('pack.yaml', 'file:', at='attachments/')}: attachment file 'attachments/victim-statement.txt' "
        "is not a text file (it holds NUL bytes)")
    ]
