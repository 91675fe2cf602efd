#!/usr/bin/env bash
# Re-extract the consoles' marked strings and update the ru and th catalogues, then compile them.
# Usage: scripts/update-catalogues.sh           (PYTHON chooses the interpreter with Babel installed)
# Then translate the new or fuzzy entries in cyberdrill/locale/{ru,th}/LC_MESSAGES/cyberdrill.po and run it
# again, so the committed .mo files match (tests/test_i18n_catalogues.py checks both).
set -euo pipefail
cd "$(dirname "$0")/.."
LOCALE=cyberdrill/locale
PY=${PYTHON:-python3}
pybabel() { "$PY" -m babel.messages.frontend "$@"; }
pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output \
  --project=cyberdrill --copyright-holder="cyberdrill authors" -o "$LOCALE/cyberdrill.pot" cyberdrill/tui cyberdrill/engine cyberdrill/pack
for lang in ru th; do
  po="$LOCALE/$lang/LC_MESSAGES/cyberdrill.po"
  if [ -f "$po" ]; then
    pybabel update -D cyberdrill -i "$LOCALE/cyberdrill.pot" -d "$LOCALE" -l "$lang" --no-fuzzy-matching
  else
    pybabel init -D cyberdrill -i "$LOCALE/cyberdrill.pot" -d "$LOCALE" -l "$lang"
  fi
done
pybabel compile -D cyberdrill -d "$LOCALE"
