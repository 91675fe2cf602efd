"""A pack reads only its own files: a symbolic link (or path) that leaves the folder is an error with its place.

Each test links one file of a scratch copy of the scaffold to a file outside it and checks that the loader
refuses the pack, naming the link (never its target) at the reference's line or at 1:1 of the file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pack_copies import PackDir

from cyberdrill.pack.load import load_pack
from cyberdrill.pack.loaded import PackError

LEAVES = "leaves the pack folder (through a symbolic link); a pack reads only its own files"


def _link_out(pack: PackDir, tmp_path: Path, name: str) -> Path:
    """Move the pack's file `name` outside the folder and leave a symbolic link to it in its place."""
    outside = tmp_path / "elsewhere" / name
    outside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(pack.root / name, outside)
    (pack.root / name).symlink_to(outside)
    return outside


@pytest.mark.parametrize("name", ["pack.yaml", "world.yaml", "solution.yaml", "scripts/typical-mistakes.yaml"])
def test_a_yaml_file_linked_from_outside_is_refused(pack: PackDir, tmp_path: Path, name: str) -> None:
    _link_out(pack, tmp_path, name)
    assert f"{name}:1:1: {name} {LEAVES}" in pack.problems()
    with pytest.raises(PackError):
        load_pack(pack.root)


def test_a_scripts_folder_linked_from_outside_is_refused(pack: PackDir, tmp_path: Path) -> None:
    _link_out(pack, tmp_path, "scripts")
    assert f"scripts/typical-mistakes.yaml:1:1: scripts/typical-mistakes.yaml {LEAVES}" in pack.problems()


def test_a_report_template_linked_to_a_file_of_the_machine_is_refused(pack: PackDir, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the host's private notes", encoding="utf-8")
    (pack.root / "templates").mkdir()
    (pack.root / "templates" / "report.html").symlink_to(secret)
    assert pack.problems() == [f"templates/report.html:1:1: templates/report.html {LEAVES}"]
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "validate", str(pack.root)],
                         capture_output=True, text=True, cwd=pack.root)
    assert out.returncode == 1
    assert f"templates/report.html:1:1: error: templates/report.html {LEAVES}" in out.stdout
    assert "Traceback" not in out.stderr and "secret" not in out.stdout


def test_a_templates_folder_linked_from_outside_is_refused(pack: PackDir, tmp_path: Path) -> None:
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "report.html").write_text("<p>{{ card }}</p>", encoding="utf-8")
    (pack.root / "templates").symlink_to(tmp_path / "theirs")
    assert pack.problems() == [f"templates:1:1: templates {LEAVES}"]


def test_a_folder_linked_inside_templates_is_entered(pack: PackDir, tmp_path: Path) -> None:
    # A link that stays inside the pack is fine, but what it leads to is checked too.
    (pack.root / "shared").mkdir()
    (pack.root / "shared" / "report.html").symlink_to(tmp_path)
    (pack.root / "templates").mkdir()
    (pack.root / "templates" / "common").symlink_to(pack.root / "shared")
    assert pack.problems() == [f"templates/common/report.html:1:1: templates/common/report.html {LEAVES}"]


def test_links_that_stay_inside_the_pack_are_fine(pack: PackDir) -> None:
    (pack.root / "attachments" / "statement.txt").symlink_to("victim-statement.txt")
    pack.edit("pack.yaml", "file: attachments/victim-statement.txt", "file: attachments/statement.txt")
    (pack.root / "templates").mkdir()
    (pack.root / "templates" / "report.md").write_text("# {{ title }}\n", encoding="utf-8")
    assert pack.problems() == []


def test_a_link_loop_is_an_error_not_a_hang(pack: PackDir) -> None:
    (pack.root / "loop.yaml").symlink_to("loop.yaml")
    assert pack.problems() == ["loop.yaml:1:1: loop.yaml cannot be resolved (a loop of symbolic links?)"]


def test_the_content_hash_covers_the_pack_files_only(pack: PackDir) -> None:
    first = load_pack(pack.root).content_hash
    (pack.root / "notes").mkdir()
    (pack.root / "notes" / "big.bin").write_bytes(b"\0" * 3_000_000)  # an unrelated file: no part of the pack
    assert load_pack(pack.root).content_hash == first
    (pack.root / "templates").mkdir()
    (pack.root / "templates" / "report.md").write_text("# report\n", encoding="utf-8")
    assert load_pack(pack.root).content_hash != first  # `report` reads it: it is the pack's
