"""A non-editable install works anywhere: the wheel holds every package, the bundled packs and the scaffold."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_every_code_folder_is_a_listed_package() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    code_folders = {
        ".".join(folder.relative_to(REPO).parts)
        for folder in (REPO / "cyberdrill").rglob("*")
        if folder.is_dir() and "__pycache__" not in folder.parts and any(folder.glob("*.py"))
    } | {"cyberdrill"}
    assert code_folders - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout."""
    # Built from a clean copy: setuptools reuses build/ in the source folder, where stale files from an
    # earlier build (or a colleague's concurrent one) could slip into the wheel.
    source = tmp_path_factory.mktemp("source") / "cyberdrill"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "*.db"))
    wheels = tmp_path_factory.mktemp("wheels")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    build = subprocess.run([*pip, "wheel", str(source), "--no-deps", "-w", str(wheels)],
                           check=False, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (built,) = wheels.glob("cyberdrill-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed into a folder of its own (no dependencies)."""
    target = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    install = subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
                             check=False, capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    return target


def _source_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


@pytest.mark.parametrize(("source", "inside"), [
    ("exercises", "cyberdrill/exercises"), ("templates", "cyberdrill/templates"),
    ("cyberdrill/pack/scaffold", "cyberdrill/pack/scaffold")])
def test_the_wheel_ships_every_bundled_pack_template_and_scaffold_file(wheel: Path, source: str, inside: str) -> None:
    expected = _source_files(REPO / source)
    assert expected, f"{source} is empty in the checkout"
    with zipfile.ZipFile(wheel) as zf:
        shipped = {n.removeprefix(inside + "/") for n in zf.namelist() if n.startswith(inside + "/")}
    assert expected - shipped == set(), f"missing from the wheel under {inside}/"


def _cyberdrill(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The installed copy first on sys.path, run from a folder outside the checkout: nothing may come from REPO.
    code = (f"import sys; sys.path.insert(0, {str(site)!r}); import cyberdrill.cli as c; "
            f"assert c.__file__.startswith({str(site)!r}), c.__file__; sys.exit(c.main({list(args)!r}))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, check=False, capture_output=True, text=True, env=env)


def test_bundled_packs_validate_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    packs = sorted((installed / "cyberdrill" / "exercises").glob("*/pack.yaml"))
    assert [p.parent.name for p in packs] == sorted(p.parent.name for p in (REPO / "exercises").glob("*/pack.yaml"))
    for pack_file in packs:
        result = _cyberdrill(installed, tmp_path, "validate", str(pack_file.parent))
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip().endswith("injects)"), result.stdout


def test_new_works_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    created = _cyberdrill(installed, tmp_path, "new", "starter")
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "starter" / "attachments" / "victim-statement.txt").is_file()
    result = _cyberdrill(installed, tmp_path, "validate", "starter")
    assert result.returncode == 0 and result.stdout == "starter: ok (5 steps, 6 injects)\n", result.stdout


def test_a_report_renders_from_the_wheels_templates(installed: Path, tmp_path: Path) -> None:
    # The installed package's own data: templates_dir() points inside the install, and `report` renders with it.
    where = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(installed)!r}); "
                            "from cyberdrill.paths import templates_dir; print(templates_dir())"],
                           cwd=tmp_path, check=True, capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    folder = Path(where.stdout.strip())
    assert folder.is_relative_to(installed), folder
    assert all((folder / name).is_file() for name in ("report.html", "report.md", "report.css"))
    db = f"sqlite:///{tmp_path / 'drill.db'}"
    ran = _cyberdrill(installed, tmp_path, "run", "ru-th-remittance-fraud", "--solution", "--db", db)
    assert ran.returncode == 0, ran.stderr
    session = ran.stdout.split(", session ")[1].split(",")[0]
    report = _cyberdrill(installed, tmp_path, "report", session, "--format", "html", "-o", "r.html", "--db", db)
    assert report.returncode == 0, report.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@page" in html  # the bundled template with its stylesheet
