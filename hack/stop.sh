#!/usr/bin/env bash
# Stops the local SPIKE pieces (all, or those named): SIGTERM, then SIGKILL after 10 s.
#   hack/stop.sh [agent]...
set -euo pipefail
# shellcheck source=hack/lib/pieces.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/pieces.sh"

pieces=("$@")
if [ ${#pieces[@]} -eq 0 ]; then
  for ((i = ${#ALL_PIECES[@]} - 1; i >= 0; i--)); do pieces+=("${ALL_PIECES[$i]}"); done
fi
for p in "${pieces[@]}"; do check_piece "$p" || exit $?; done

for name in "${pieces[@]}"; do
  if ! pid="$(running_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    echo "$name: not running"
    continue
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do running_pid "$name" >/dev/null || break; sleep 0.1; done
  if running_pid "$name" >/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    echo "$name: did not stop in 10 s; killed (pid $pid)"
  else
    echo "$name: stopped (pid $pid)"
  fi
  rm -f "$(pid_file "$name")"
done
