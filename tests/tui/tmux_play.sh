#!/usr/bin/env bash
# Plays `cyberdrill play` in a real terminal (tmux, 120x40): new session with the dialog's defaults, start
# the clock, jump 30 minutes, open the first team's console, then ctrl+q. Fails on a traceback, when no
# inject reaches the team's inbox, or when ctrl+q does not end the program with status 0.
# Usage: tests/tui/tmux_play.sh [PYTHON]   (run from anywhere; needs tmux)
set -euo pipefail
PY=${1:-python}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
SESSION=cyberdrill-tmux-$$
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT

wait_for() {  # wait_for TEXT: poll the pane until TEXT shows (at most ~60 s: a loaded 2-core machine starts slowly)
  for _ in $(seq 1 300); do
    if tmux capture-pane -p -t "$SESSION" | grep -qF -- "$1"; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for: $1" >&2
  tmux capture-pane -p -t "$SESSION" >&2
  return 1
}

tmux new-session -d -s "$SESSION" -x 120 -y 40 \
  "cd '$REPO' && XDG_DATA_HOME='$WORK/data' '$PY' -m cyberdrill play --db 'sqlite:///$WORK/drill.db' --seed 7; echo EXIT=\$?; sleep 30"
wait_for "Packs"
wait_for "remittance"                          # the bundled flagship pack is listed
tmux send-keys -t "$SESSION" n
wait_for "New session"
tmux send-keys -t "$SESSION" C-s             # start with the defaults
wait_for "INSTRUCTOR"
tmux send-keys -t "$SESSION" Space           # start the clock
wait_for "clock started"
tmux send-keys -t "$SESSION" j
wait_for "Jump the clock"
tmux send-keys -t "$SESSION" Enter           # +30m
wait_for "T+00:30"
sleep 1
tmux send-keys -t "$SESSION" F2
wait_for "Switch console"
tmux send-keys -t "$SESSION" Down Enter      # the first team
wait_for "Inbox ("
tmux send-keys -t "$SESSION" Enter           # open the newest message
sleep 1
tmux capture-pane -p -t "$SESSION" > "$WORK/screen.txt"
cat "$WORK/screen.txt"
if grep -q "Traceback" "$WORK/screen.txt"; then echo "FAIL: traceback on screen" >&2; exit 1; fi
grep -qE "T\+00:[0-3][0-9] " "$WORK/screen.txt" || { echo "FAIL: no inject in the inbox" >&2; exit 1; }
tmux send-keys -t "$SESSION" C-q
wait_for "EXIT=0"
if tmux capture-pane -p -t "$SESSION" | grep -q "Traceback"; then echo "FAIL: traceback after quitting" >&2; exit 1; fi
echo "OK: new session, inject on screen, ctrl+q exits cleanly"
