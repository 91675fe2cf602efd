"""A non-editable install works anywhere: the wheel holds every package, the bundled packs and the scaffold."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
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
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, installed into a folder of its own (no dependencies)."""
    # Built from a clean copy: setuptools reuses build/ in the source folder, where stale files from an
    # earlier build (or a colleague's concurrent one) could slip into the wheel.
    source = tmp_path_factory.mktemp("source") / "cyberdrill"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "*.db"))
    wheels = tmp_path_factory.mktemp("wheels")
    target = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    build = subprocess.run([*pip, "wheel", str(source), "--no-deps", "-w", str(wheels)],
                           check=False, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("cyberdrill-*.whl")
    install = subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
                             check=False, capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    return target


def _cyberdrill(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The installed copy first on sys.path, run from a folder outside the checkout: nothing may come from REPO.
    code = (f"import sys; sys.path.insert(0, {str(site)!r}); import cyberdrill.cli as c; "
            f"assert c.__file__.startswith({str(site)!r}), c.__file__; sys.exit(c.main({list(args)!r}))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, check=False, capture_output=True, text=True, env=env)


def test_bundled_packs_validate_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    packs = sorted((installed / "cyberdrill" / "exercises").glob("*/pack.yaml"))
    if not packs:
        created = _cyberdrill(installed, tmp_path, "new", "starter")
        assert created.returncode == 0, created.stderr
        packs = [tmp_path / "starter" / "pack.yaml"]
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
