# The local SPIKE pieces hack/start.sh and hack/stop.sh manage: pid files in ~/.spike/run,
# logs in ~/.spike/logs. Everything hangs off $HOME, so a test can run a whole system under a
# temporary home.
set -euo pipefail

SPIKE_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
SPIKE_DIR="$HOME/.spike"
RUN_DIR="$SPIKE_DIR/run"
LOG_DIR="$SPIKE_DIR/logs"

# Start order; stop goes the other way.
ALL_PIECES=(agent keeper-1 keeper-2 keeper-3 nexus)
PLANNED_PIECES=()

# Keeper ports, "tls:health" per Keeper (DESIGN §8); override with SPIKE_KEEPER_PORTS.
IFS=',' read -r -a KEEPER_PORTS <<<"${SPIKE_KEEPER_PORTS:-8443:8444,8543:8544,8643:8644}"

keeper_tls_port() { local p="${KEEPER_PORTS[$(($1 - 1))]}"; echo "${p%%:*}"; }
keeper_health_port() { local p="${KEEPER_PORTS[$(($1 - 1))]}"; echo "${p##*:}"; }

# The Keeper URLs Nexus uses, in order, unless SPIKE_NEXUS_KEEPER_PEERS says otherwise.
keeper_peers() {
  local out="" i
  for i in 1 2 3; do out="$out${out:+,}https://localhost:$(keeper_tls_port "$i")"; done
  echo "${SPIKE_NEXUS_KEEPER_PEERS:-$out}"
}

# GET http://127.0.0.1:<port><path> with bash alone; prints the body, returns 1 when unreachable.
http_get() {
  local port="$1" path="$2" line body=0
  exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
  while IFS= read -r line <&3 || [ -n "$line" ]; do
    line="${line%$'\r'}"
    if [ "$body" = 1 ]; then echo "$line"; elif [ -z "$line" ]; then body=1; fi
  done
  exec 3<&-
}

nexus_health_port() { local a="${SPIKE_NEXUS_HEALTH_PORT:-:8554}"; echo "${a##*:}"; }

pid_file() { echo "$RUN_DIR/$1.pid"; }

running_pid() {
  local f pid
  f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  # A killed process whose parent has not reaped it yet is a zombie: not running.
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
    echo "$pid"
  else
    return 1
  fi
}

check_piece() {
  local p
  for p in "${ALL_PIECES[@]}"; do [ "$p" = "$1" ] && return 0; done
  for p in "${PLANNED_PIECES[@]+"${PLANNED_PIECES[@]}"}"; do
    if [ "$p" = "$1" ]; then
      echo "$1: not part of this build yet; pieces available: ${ALL_PIECES[*]}" >&2
      return 1
    fi
  done
  echo "unknown piece '$1'; known: ${ALL_PIECES[*]}" >&2
  return 2
}
