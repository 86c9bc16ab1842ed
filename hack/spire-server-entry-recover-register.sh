#!/usr/bin/env bash
# Registers Pilot as recover: spiffe://<trust domain>/spike/pilot/role/recover.
# Uses SPIRE when present, else the dev agent; prints what it changed.
set -euo pipefail
# shellcheck source=hack/lib/pilot-role.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/pilot-role.sh"
set_pilot_role recover
