"""Print an HTML report to PDF in Debian's headless Chromium and read it back with poppler-utils."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

needs_chromium = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("chromium", "pdfinfo", "pdftotext", "pdffonts")),
    reason="needs Debian's chromium and poppler-utils",
)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def print_pdf(html: str, folder: Path) -> Path:
    """`html` written to `folder`/report.html and printed to `folder`/report.pdf (A4, no header or footer)."""
    source = folder / "report.html"
    source.write_text(html, encoding="utf-8")
    pdf = folder / "report.pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", source.as_uri()], check=True, capture_output=True, timeout=240)
    return pdf


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)]


def text(pdf: Path, first: int | None = None, last: int | None = None, *, layout: bool = False) -> str:
    """The PDF's text as pdftotext reads it (pages `first`..`last`, default all; `layout`: as laid out)."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", *pages, *(["-layout"] if layout else []), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def fonts(pdf: Path) -> list[str]:
    """The names of the fonts embedded in the PDF (subset prefixes removed)."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    return [name.split("+", 1)[-1] for name in names]


def words(value: str) -> str:
    """Text with every run of whitespace (line and cell breaks) folded into one space."""
    return " ".join(value.split())
