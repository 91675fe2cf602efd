#!/usr/bin/env bash
# Render the flagship pack's reference solution as an HTML report, then look at it the way readers will:
# Debian's headless Chromium screenshots it at desktop (1280 px) and phone (390 px) widths and prints it to
# A4 PDF; pdftoppm turns the PDF pages into PNGs.
#
#   scripts/report-screenshots.sh [OUTDIR]        (default OUTDIR: ./report-screenshots)
#
# Needs: apt-get install -y chromium poppler-utils. Set PYTHON to choose the interpreter (default: python3)
# and REPORT_HTML to screenshot an existing report instead of rendering the flagship solution.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(realpath -m "${1:-report-screenshots}")
PY=${PYTHON:-python3}
mkdir -p "$OUT"

if [ -n "${REPORT_HTML:-}" ]; then
  cp "$REPORT_HTML" "$OUT/report.html"
else
  "$PY" - "$OUT/report.html" <<'PY'
import sys
from pathlib import Path

from cyberdrill.paths import FLAGSHIP_PACK, exercises_dir
from cyberdrill.report.session import solution_report

Path(sys.argv[1]).write_text(solution_report(exercises_dir() / FLAGSHIP_PACK, "html"), encoding="utf-8")
PY
fi

PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
# A fresh profile, and no background networking: without these flags Chromium tries to reach the internet.
FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars "--user-data-dir=$PROFILE")
URL="file://$OUT/report.html"

chromium "${FLAGS[@]}" --window-size=1280,2400 --screenshot="$OUT/desktop.png" "$URL" 2>/dev/null
chromium "${FLAGS[@]}" --window-size=390,2400 --screenshot="$OUT/phone.png" "$URL" 2>/dev/null
chromium "${FLAGS[@]}" --no-pdf-header-footer --print-to-pdf="$OUT/report.pdf" "$URL" 2>/dev/null
rm -f "$OUT"/page-*.png
pdftoppm -png -r 60 "$OUT/report.pdf" "$OUT/page"
ls "$OUT"
