#!/usr/bin/env bash
# Starts the local SPIKE pieces (all, or those named) in the background from the built jars.
#   hack/start.sh [agent|keeper-1|keeper-2|keeper-3|nexus]...
# Then waits until Nexus is READY (or says why not). Ports: SPIKE_NEXUS_TLS_PORT,
# SPIKE_NEXUS_HEALTH_PORT, SPIKE_KEEPER_PORTS ("tls:health,..." for the three Keepers).
# Already-running pieces are left alone; a stale pid file is replaced. Logs: ~/.spike/logs/<name>.log
set -euo pipefail
# shellcheck source=hack/lib/pieces.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/pieces.sh"

pieces=("$@")
[ ${#pieces[@]} -eq 0 ] && pieces=("${ALL_PIECES[@]}")
for p in "${pieces[@]}"; do check_piece "$p" || exit $?; done

# Logs and pid files are the user's alone (0600), whatever the caller's umask.
umask 077
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
    keeper-*)
      local n="${name#keeper-}"
      cmd=(env "SPIFFE_ENDPOINT_SOCKET=unix://$SPIKE_DIR/agent/keeper.sock"
        "SPIKE_KEEPER_TLS_PORT=:$(keeper_tls_port "$n")" "SPIKE_KEEPER_HEALTH_PORT=:$(keeper_health_port "$n")"
        "$SPIKE_ROOT/bin/spike-keeper")
      ready="SPIKE Keeper serving on" ;;
    nexus)
      cmd=(env "SPIFFE_ENDPOINT_SOCKET=unix://$SPIKE_DIR/agent/nexus.sock"
        "SPIKE_NEXUS_KEEPER_PEERS=$(keeper_peers)" "$SPIKE_ROOT/bin/spike-nexus")
      ready="SPIKE Nexus serving on" ;;
  esac
  log="$LOG_DIR/$name.log"
  touch "$log"
  chmod 600 "$log"
  offset=$(($(wc -c <"$log") + 1))
  nohup "${cmd[@]}" >>"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$(pid_file "$name")"
  for _ in $(seq 1 300); do
    if tail -c +"$offset" "$log" | grep -q "$ready"; then
      echo "$name: started (pid $pid, log $log)"
      return 0
    fi
    if ! running_pid "$name" >/dev/null; then
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

# The agent first (every piece gets its SVID from it), the Keepers side by side, Nexus after them.
pending=()
wait_pending() {
  local job status=0
  for job in "${pending[@]}"; do wait "$job" || status=1; done
  pending=()
  return "$status"
}
for p in "${pieces[@]}"; do
  case "$p" in
    keeper-*) start_piece "$p" & pending+=("$!") ;;
    *) wait_pending || exit 1; start_piece "$p" || exit 1 ;;
  esac
done
wait_pending || exit 1

# Wait for Nexus to be READY: a first start distributes a new key, a later one gets it back.
if running_pid nexus >/dev/null; then
  state=""
  for _ in $(seq 1 150); do
    status="$(http_get "$(nexus_health_port)" /status 2>/dev/null || true)"
    state="$(printf '%s' "$status" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p')"
    [ "$state" = READY ] && break
    [ "$state" = RESTORE_REQUIRED ] && break
    sleep 0.2
  done
  case "$state" in
    READY) echo "nexus: READY" ;;
    RESTORE_REQUIRED)
      cat <<EOT
nexus: RESTORE_REQUIRED: the Keepers lost their shards, so Nexus cannot get its root key back alone.
  Restore it from your recovery shards (see README, "Recovery procedure"):
    $SPIKE_ROOT/hack/spire-server-entry-restore-register.sh
    $SPIKE_ROOT/bin/spike restore          # once per shard file, until Nexus says it is restored
    $SPIKE_ROOT/hack/spire-server-entry-su-register.sh
  Or start over with an empty SPIKE: $SPIKE_ROOT/hack/stop.sh && rm -rf ~/.spike && $SPIKE_ROOT/hack/start.sh
EOT
      exit 1 ;;
    *)
      echo "nexus: not READY after 30 s (state ${state:-unknown}); see $LOG_DIR/nexus.log and bin/spike status" >&2
      exit 1 ;;
  esac
fi

cat <<EOT
SPIKE is running.
Try next:
  $SPIKE_ROOT/bin/spike secret put apps/db user=admin password=s3cret
  $SPIKE_ROOT/bin/spike secret get apps/db
  $SPIKE_ROOT/bin/spike status
  $SPIKE_ROOT/hack/stop.sh
EOT
