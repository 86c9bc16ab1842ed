# The local SPIKE pieces hack/start.sh and hack/stop.sh manage: pid files in ~/.spike/run,
# logs in ~/.spike/logs. Everything hangs off $HOME, so a test can run a whole system under a
# temporary home.
set -euo pipefail

SPIKE_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
SPIKE_DIR="$HOME/.spike"
RUN_DIR="$SPIKE_DIR/run"
LOG_DIR="$SPIKE_DIR/logs"

# Start order; stop goes the other way. Keepers arrive with their issue.
ALL_PIECES=(agent nexus)
PLANNED_PIECES=(keeper-1 keeper-2 keeper-3)

pid_file() { echo "$RUN_DIR/$1.pid"; }

running_pid() {
  local f pid
  f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "$pid"
  else
    return 1
  fi
}

check_piece() {
  local p
  for p in "${ALL_PIECES[@]}"; do [ "$p" = "$1" ] && return 0; done
  for p in "${PLANNED_PIECES[@]}"; do
    if [ "$p" = "$1" ]; then
      echo "$1: not part of this build yet; pieces available: ${ALL_PIECES[*]}" >&2
      return 1
    fi
  done
  echo "unknown piece '$1'; known: ${ALL_PIECES[*]}" >&2
  return 2
}
