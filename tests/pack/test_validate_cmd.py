"""`cyberdrill validate` and `cyberdrill new` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pack_copies import SCAFFOLD, PackDir

from cyberdrill.cli import main
from cyberdrill.commands import validate_cmd
from cyberdrill.pack.load import read_pack


def test_valid_pack_prints_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SCAFFOLD)]) == 0
    assert capsys.readouterr().out == f"{SCAFFOLD}: ok (5 steps, 6 injects)\n"


def test_broken_pack_lists_every_problem_sorted(pack: PackDir, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pack.edit("steps.yaml", "    requires: [th.classify]", "    requries: [th.classify]")
    pack.edit("pack.yaml", "    timezone: Europe/Moscow", "    timezone: Moscow")
    monkeypatch.chdir(pack.root.parent)
    assert main(["validate", "pack"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        (f"pack/{pack.where('pack.yaml', 'timezone: Moscow', at='Moscow')}: error: unknown time zone 'Moscow' (did you "
        "mean 'Europe/Moscow'?)"),
        f"pack/{pack.where('steps.yaml', 'requries')}: error: unknown key 'requries' (did you mean 'requires'?)",
        "pack: 2 errors",
    ]


def test_warnings_do_not_fail(pack: PackDir, capsys: pytest.CaptureFixture[str]) -> None:
    pack.edit("injects.yaml", "    attachments: [victim-statement.txt]\n", "")
    assert main(["validate", str(pack.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("warning: attachment 'victim-statement.txt' is carried by no inject")
    assert out[1] == f"{pack.root}: ok (5 steps, 6 injects)"


def test_several_packs_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SCAFFOLD), str(tmp_path / "missing")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{SCAFFOLD}: ok (5 steps, 6 injects)",
        f"{tmp_path / 'missing'}:1:1: error: no such pack folder: {tmp_path / 'missing'}",
        f"{tmp_path / 'missing'}: 1 error",
    ]


def test_unexpected_exception_is_a_diagnostic(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    def broken(path: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(validate_cmd, "read_pack", broken)
    assert main(["validate", str(SCAFFOLD)]) == 1
    out = capsys.readouterr()
    assert ":1:1: error: internal error: KeyError: 'boom'\n" in out.out
    assert "Traceback" not in out.out + out.err


def test_validate_stays_light() -> None:
    probe = (f"from cyberdrill.cli import main; code = main(['validate', {str(SCAFFOLD)!r}]); "
             "import sys, json; print(json.dumps([code, sorted(sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    code, modules = json.loads(out.splitlines()[-1])
    assert code == 0
    assert not {m.split(".")[0] for m in modules} & {"textual", "sqlmodel", "sqlalchemy"}


def test_new_creates_a_valid_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-drill"
    assert main(["new", str(target)]) == 0
    assert (target / "solution.yaml").is_file() and (target / "attachments" / "victim-statement.txt").is_file()
    loaded, diagnostics = read_pack(target)
    assert loaded is not None and diagnostics == []
    assert len(loaded.pack.teams) == 2 and len(loaded.pack.injects) >= 3 and len(loaded.pack.steps) >= 4


def test_new_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path)]) == 1
    assert "already exists and is not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["new", str(empty)]) == 0


# ----------------------------------------------------------------------------------------- fuzzing

_FILES = sorted(p.relative_to(SCAFFOLD).as_posix() for p in SCAFFOLD.rglob("*.yaml"))
_EDIT = st.tuples(
    st.sampled_from(["delete-char", "insert-char", "duplicate-char", "delete-line", "duplicate-line", "swap-lines"]),
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from([*" :-{}[]\"'#&*!|>,\n\tx0", "!!python/object:os.system", "&a", "*a", "{{", "}}", "{%"]),
)


def _mangle(text: str, kind: str, where: int, char: str) -> str:
    if kind.endswith("char"):
        i = where % (len(text) + 1)
        if kind == "delete-char":
            return text[:i] + text[i + 1:]
        if kind == "insert-char":
            return text[:i] + char + text[i:]
        return text[:i] + text[i:i + 1] * 2 + text[i + 1:]
    lines = text.splitlines(keepends=True)
    i = where % max(len(lines), 1)
    if kind == "delete-line":
        return "".join(lines[:i] + lines[i + 1:])
    if kind == "duplicate-line":
        return "".join(lines[:i + 1] + lines[i:])
    j = (i + 1) % max(len(lines), 1)
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(_FILES), edits=st.lists(_EDIT, min_size=1, max_size=4))
def test_mangled_yaml_never_raises(tmp_path: Path, file: str, edits: list[tuple[str, int, str]]) -> None:
    root = tmp_path / "fuzz"
    if not root.exists():
        import shutil

        shutil.copytree(SCAFFOLD, root)
    original = (SCAFFOLD / file).read_text(encoding="utf-8")
    text = original
    for kind, where, char in edits:
        text = _mangle(text, kind, where, char)
    (root / file).write_text(text, encoding="utf-8")
    try:
        loaded, diagnostics = read_pack(root)
    finally:
        (root / file).write_text(original, encoding="utf-8")
    assert loaded is not None or any(d.severity == "error" for d in diagnostics)
    assert not any(d.message.startswith("internal error") for d in diagnostics), diagnostics
    for d in diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.message
