"""scripts/report-screenshots.sh in Debian's headless Chromium: desktop and phone screenshots and A4 pages
of the flagship solution's report. Skipped where chromium or pdftoppm is not installed."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "report-screenshots.sh"

pytestmark = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftoppm") and shutil.which("pdfinfo")),
    reason="needs Debian's chromium and poppler-utils",
)


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_screenshots_and_a4_pages(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run(["bash", str(SCRIPT), str(tmp_path)], check=True, env=env, capture_output=True, timeout=300)
    assert png_size(tmp_path / "desktop.png")[0] == 1280
    assert png_size(tmp_path / "phone.png")[0] == 390
    pages = sorted(tmp_path.glob("page-*.png"))
    info = subprocess.run(["pdfinfo", str(tmp_path / "report.pdf")], check=True, capture_output=True, text=True)
    assert "(A4)" in info.stdout
    # The overview, then each of the two teams starts on a page of its own.
    assert len(pages) >= 3
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 4
