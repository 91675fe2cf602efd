"""Under CI a skipped test is a failure (tests/conftest.py): CI's summary line always shows 0 skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = '''
import pytest

def test_runs():
    pass

@pytest.mark.skipif(True, reason="the thing is not installed")
def test_needs_a_thing():
    pass

def test_skips_itself():
    pytest.skip("no thing here either")
'''


def _pytest(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # the sample needs none of the suite's plugins
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH", "")) if p)
    # The suite's conftest loaded as a plugin into a pytest run over the sample alone.
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), str(tmp_path / "test_sample.py")],
                          capture_output=True, text=True, cwd=tmp_path, env=env)


def test_under_ci_a_skip_fails_with_its_reason(tmp_path: Path) -> None:
    ci = _pytest(tmp_path, "true")
    assert ci.returncode == 1, ci.stdout
    summary = ci.stdout.strip().splitlines()[-1]
    assert "skipped" not in summary and "1 passed" in summary, summary
    assert "skipped under CI, where every test must run: Skipped: the thing is not installed" in ci.stdout
    assert "no thing here either" in ci.stdout


def test_outside_ci_a_skip_is_a_skip(tmp_path: Path) -> None:
    for ci in (None, "false"):
        local = _pytest(tmp_path, ci)
        assert local.returncode == 0, local.stdout
        assert local.stdout.strip().splitlines()[-1].startswith("1 passed, 2 skipped"), local.stdout
