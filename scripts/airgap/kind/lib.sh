# Shared by the kind airgap scripts: versions, cache layout, logging. Sourced, not run.
# shellcheck shell=bash
readonly K8S_VERSION=v1.33.13
readonly K8S_STAGING_VERSION=v0.33.13
readonly KIND_VERSION=v0.30.0
readonly ETCD_VERSION=v3.5.23
readonly COREDNS_VERSION=v1.14.7
readonly PAUSE_TAG=3.10
readonly NODE_IMAGE=kubia-notes/kind-node:${K8S_VERSION}
readonly KIND_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly CACHE_ROOT=${XDG_CACHE_HOME:-$HOME/.cache}/kubia-notes/airgap/kind
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0

log() { printf '[airgap/kind] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# key_of FILE… [-- STRING…]: a short hash of files' contents and extra strings.
key_of() {
  local files=() extra=()
  while [ $# -gt 0 ]; do
    if [ "$1" = -- ]; then shift; extra=("$@"); break; fi
    files+=("$1"); shift
  done
  { cat "${files[@]}" 2>/dev/null; printf '%s\n' "${extra[@]}"; } | sha256sum | cut -c1-16
}

# timed NAME CMD…: runs CMD and logs how long it took.
timed() {
  local name=$1 start; shift
  start=$(date +%s)
  "$@"
  log "$name: $(( $(date +%s) - start )) s"
}
