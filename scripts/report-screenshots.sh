#!/usr/bin/env bash
# Render a pack's reference solution (default: the bundled flagship) as an HTML after-action report, then
# look at it the way readers will: Debian's headless Chromium screenshots it at desktop (1280 px) and phone
# (390 px) widths and prints it to A4 PDF; pdftoppm turns the PDF pages into PNGs to look at.
#
#   scripts/report-screenshots.sh [OUTDIR] [PACK]     (default OUTDIR: $TMPDIR/cyberdrill-report-screenshots)
#
# Needs: apt-get install -y chromium poppler-utils (and fonts-thai-tlwg for Thai names). PYTHON chooses the
# interpreter (default: python3); REPORT_HTML=FILE screenshots an existing report instead.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(realpath -m "${1:-${TMPDIR:-/tmp}/cyberdrill-report-screenshots}")
PACK=${2:-}
PY=${PYTHON:-python3}
mkdir -p "$OUT"

if [ -n "${REPORT_HTML:-}" ]; then
  cp "$REPORT_HTML" "$OUT/report.html"
else
  "$PY" - "$OUT/report.html" "$PACK" <<'PY'
import sys
from pathlib import Path

from cyberdrill.pack.load import load_pack
from cyberdrill.paths import resolve_pack
from cyberdrill.report import render_report
from cyberdrill.script import play_script
from cyberdrill.service import DrillService
from cyberdrill.store.base import MemoryLog

loaded = load_pack(resolve_pack(sys.argv[2] or None))
if "solution" not in loaded.scripts:
    sys.exit(f"{loaded.root} has no solution.yaml to play")
log = MemoryLog()
drill = DrillService(log, loaded).start(seed=1)
play_script(drill, loaded.scripts["solution"])
events = [event for _, event in log.read(drill.session_id)]
html = render_report(drill.scorecard(), loaded, "html", events=events)
Path(sys.argv[1]).write_text(html, encoding="utf-8")
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
echo "$OUT:"
ls "$OUT"
