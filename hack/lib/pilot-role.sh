# Switches the Pilot registration to one role (superuser|recover|restore), as DESIGN §2 says.
# A real SPIRE server is used when there is one (`spire-server` on PATH, or SPIRE_SERVER_POD for
# `kubectl exec`); otherwise the dev agent's entries.json under $HOME/.spike/agent.
set -euo pipefail

SPIKE_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"

spire_server() {
  if [ -n "${SPIRE_SERVER_POD:-}" ]; then
    kubectl exec -n "${SPIRE_SERVER_NAMESPACE:-spire-server}" "$SPIRE_SERVER_POD" -- \
      "${SPIRE_SERVER_BIN:-/opt/spire/bin/spire-server}" "$@"
  else
    spire-server "$@"
  fi
}

# Moves every Pilot entry (any role) to the new role's SPIFFE ID, keeping parent and selectors.
set_pilot_role_in_spire() {
  local role="$1" td="${SPIKE_TRUST_DOMAIN:-spike.ist}"
  local new_id="spiffe://$td/spike/pilot/role/$role" found=0 old shown entry_id parent selectors
  for old in superuser recover restore; do
    local old_id="spiffe://$td/spike/pilot/role/$old"
    [ "$old_id" = "$new_id" ] && continue
    shown="$(spire_server entry show -spiffeID "$old_id" 2>/dev/null || true)"
    while read -r entry_id; do
      [ -n "$entry_id" ] || continue
      found=1
      local block
      block="$(printf '%s\n' "$shown" | awk -v id="$entry_id" '/^Entry ID/{on=($NF==id)} on')"
      parent="$(printf '%s\n' "$block" | awk '/^Parent ID/{print $NF}')"
      selectors=()
      while read -r s; do [ -n "$s" ] && selectors+=(-selector "$s"); done \
        < <(printf '%s\n' "$block" | awk '/^Selector/{print $NF}')
      spire_server entry create -spiffeID "$new_id" -parentID "$parent" "${selectors[@]}" >/dev/null
      spire_server entry delete -entryID "$entry_id" >/dev/null
      echo "SPIRE entry $entry_id: $old_id -> $new_id (parent $parent)"
    done < <(printf '%s\n' "$shown" | awk '/^Entry ID/{print $NF}')
  done
  if [ "$found" = 0 ]; then
    if spire_server entry show -spiffeID "$new_id" 2>/dev/null | grep -q '^Entry ID'; then
      echo "SPIRE already registers Pilot as $new_id; nothing changed"
    else
      echo "no Pilot entry found in SPIRE for trust domain $td; register one first" >&2
      return 1
    fi
  fi
}

set_pilot_role() {
  local role="$1"
  if [ -n "${SPIRE_SERVER_POD:-}" ] || command -v spire-server >/dev/null 2>&1; then
    set_pilot_role_in_spire "$role"
  else
    "$SPIKE_ROOT/bin/spike-dev-agent" entry set pilot --role "$role"
  fi
}
