#!/usr/bin/env bash
# Re-extract the report's strings (gettext domain "cyberdrill-report": templates/*.html|md and the report's
# Python, keywords _ in templates, tr and tr_noop in Python) and update the ru and th catalogues, then compile.
# Usage: scripts/update-report-catalogues.sh    (PYTHON chooses the interpreter with Babel and Jinja2)
# Then translate the new entries in cyberdrill/locale/{ru,th}/LC_MESSAGES/cyberdrill-report.po and run it again
# (tests/report/test_report_lang.py checks every string is translated and the .mo match the .po).
set -euo pipefail
cd "$(dirname "$0")/.."
LOCALE=cyberdrill/locale
PY=${PYTHON:-python3}
MAP=$(mktemp)
trap 'rm -f "$MAP"' EXIT
printf '[python: **.py]\n[jinja2: **.html]\nextensions = jinja2.ext.i18n\n[jinja2: **.md]\nextensions = jinja2.ext.i18n\n' > "$MAP"
pybabel() { "$PY" -m babel.messages.frontend "$@"; }
pybabel -q extract -F "$MAP" -k _ -k tr -k tr_noop --no-default-keywords --no-location --sort-output \
  --project=cyberdrill --copyright-holder="cyberdrill authors" -o "$LOCALE/cyberdrill-report.pot" cyberdrill/report templates
for lang in ru th; do
  po="$LOCALE/$lang/LC_MESSAGES/cyberdrill-report.po"
  if [ -f "$po" ]; then
    pybabel -q update -D cyberdrill-report -i "$LOCALE/cyberdrill-report.pot" -d "$LOCALE" -l "$lang" --no-fuzzy-matching
  else
    pybabel -q init -D cyberdrill-report -i "$LOCALE/cyberdrill-report.pot" -d "$LOCALE" -l "$lang"
  fi
done
pybabel -q compile -D cyberdrill-report -d "$LOCALE"
