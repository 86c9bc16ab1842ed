#!/usr/bin/env bash
# Starts the local SPIKE pieces (all, or those named) in the background from the built jars.
#   hack/start.sh [agent|nexus]...
# Nexus runs on the memory store until the Keeper lifecycle lands (SPIKE_NEXUS_BACKEND_STORE=memory).
# Already-running pieces are left alone; a stale pid file is replaced. Logs: ~/.spike/logs/<name>.log
set -euo pipefail
# shellcheck source=hack/lib/pieces.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/pieces.sh"

pieces=("$@")
[ ${#pieces[@]} -eq 0 ] && pieces=("${ALL_PIECES[@]}")
for p in "${pieces[@]}"; do check_piece "$p" || exit $?; done

mkdir -p "$SPIKE_DIR" "$RUN_DIR" "$LOG_DIR"
chmod 700 "$SPIKE_DIR" "$RUN_DIR" "$LOG_DIR"

# Starts one piece; waits until its log says it serves (the line is new: the log is appended to).
start_piece() {
  local name="$1" pid log offset ready cmd
  if pid="$(running_pid "$name")"; then
    echo "$name: already running (pid $pid)"
    return 0
  fi
  rm -f "$(pid_file "$name")"
  case "$name" in
    agent)
      cmd=("$SPIKE_ROOT/bin/spike-dev-agent" run)
      ready="spike-dev-agent: trust domain" ;;
    nexus)
      cmd=(env "SPIFFE_ENDPOINT_SOCKET=unix://$SPIKE_DIR/agent/nexus.sock"
        "SPIKE_NEXUS_BACKEND_STORE=${SPIKE_NEXUS_BACKEND_STORE:-memory}" "$SPIKE_ROOT/bin/spike-nexus")
      ready="SPIKE Nexus serving on" ;;
  esac
  log="$LOG_DIR/$name.log"
  touch "$log"
  offset=$(($(wc -c <"$log") + 1))
  nohup "${cmd[@]}" >>"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$(pid_file "$name")"
  for _ in $(seq 1 300); do
    if tail -c +"$offset" "$log" | grep -q "$ready"; then
      echo "$name: started (pid $pid, log $log)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$(pid_file "$name")"
      echo "$name: exited at start; last lines of $log:" >&2
      tail -c +"$offset" "$log" | tail -n 5 >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$name: not ready after 30 s; see $log" >&2
  return 1
}

for p in "${pieces[@]}"; do start_piece "$p"; done

cat <<EOT
SPIKE is running (Nexus on the memory store: secrets last until Nexus stops).
Try next:
  $SPIKE_ROOT/bin/spike secret put apps/db user=admin password=s3cret
  $SPIKE_ROOT/bin/spike secret get apps/db
  $SPIKE_ROOT/bin/spike status
  $SPIKE_ROOT/hack/stop.sh
EOT
