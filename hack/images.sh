#!/usr/bin/env bash
# Container images of SPIKE on a local Docker engine, and their drills.
#
#   hack/images.sh base    a base image made here (debootstrap of Debian bookworm, then docker import),
#                          for machines that reach no registry: tagged spike-base:bookworm
#   hack/images.sh build   the runtime image (jlink of the JDK modules SPIKE uses) and the Nexus,
#                          Keeper, Pilot and operator images, from the jars of `mvn -DskipTests package`
#   hack/images.sh test    the container drills (ContainerDrillsIT): Keepers and Nexus as containers
#                          with the operator's pod security, a noexec /tmp, crashes and a restore
#
# SPIKE_IMAGE_BASE     base image (default debian:bookworm-slim; spike-base:bookworm after `base`)
# SPIKE_IMAGE_PREFIX   image names (default ghcr.io/spike-java/spike-), SPIKE_IMAGE_TAG (default 0.1.0)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
PREFIX="${SPIKE_IMAGE_PREFIX:-ghcr.io/spike-java/spike-}"
TAG="${SPIKE_IMAGE_TAG:-0.1.0}"
BASE="${SPIKE_IMAGE_BASE:-debian:bookworm-slim}"
# Every module the four programs use (jdeps --print-module-deps over their jars), plus the providers
# that are only looked up at run time: jdk.crypto.ec (EC keys of SVIDs in TLS), jdk.management.
MODULES=java.base,java.compiler,java.desktop,java.management,java.naming,java.net.http,java.sql,jdk.unsupported,jdk.httpserver,jdk.management,jdk.crypto.ec

# Runs a command, showing its output only when it fails.
quietly() {
  local out
  out="$("$@" 2>&1)" || { echo "$out" >&2; echo "images: failed: $*" >&2; exit 1; }
}

base() {
  if docker image inspect spike-base:bookworm >/dev/null 2>&1; then
    echo "spike-base:bookworm: already there"
    return
  fi
  command -v debootstrap >/dev/null || { echo "images: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
  local rootfs="$ROOT/target/images/rootfs"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "${SPIKE_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$ROOT/target/images/debootstrap.log" 2>&1 \
    || { echo "images: debootstrap failed; see target/images/debootstrap.log" >&2; exit 1; }
  # What a container never uses: package caches and lists, documentation, translations.
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/info/*
  tar -C "$rootfs" -c . | docker import - spike-base:bookworm >/dev/null
  rm -rf "$rootfs"
  echo "spike-base:bookworm: built ($(docker image inspect -f '{{.Size}}' spike-base:bookworm | numfmt --to=iec))"
}

build() {
  for jar in nexus/target/spike-nexus.jar keeper/target/spike-keeper.jar pilot/target/spike-pilot.jar \
      operator/target/spike-operator.jar; do
    [ -f "$jar" ] || { echo "images: $jar is not built; run: mvn -q -DskipTests package" >&2; exit 1; }
  done
  local runtime="$ROOT/target/images/runtime"
  rm -rf "$runtime"
  mkdir -p "$ROOT/target/images"
  jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
    --output "$runtime" >/dev/null
  quietly docker build -q -f docker/runtime/Dockerfile --build-arg "BASE=$BASE" -t "${PREFIX}runtime:$TAG" .
  for component in nexus keeper pilot operator; do
    quietly docker build -q -f "docker/$component/Dockerfile" --build-arg "RUNTIME=${PREFIX}runtime:$TAG" \
      -t "${PREFIX}$component:$TAG" .
  done
  for component in runtime nexus keeper pilot operator; do
    echo "${PREFIX}$component:$TAG $(docker image inspect -f '{{.Size}}' "${PREFIX}$component:$TAG" | numfmt --to=iec --suffix=B)"
  done
}

case "${1:-}" in
  base) base ;;
  build) build ;;
  # -am: the operator's tests need the other modules' jars (built here, their tests skipped).
  test) exec mvn -B -ntp -q verify -pl operator -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test=ContainerDrillsIT -Dfailsafe.failIfNoSpecifiedTests=false ;;
  *) echo "usage: hack/images.sh base|build|test" >&2; exit 2 ;;
esac
