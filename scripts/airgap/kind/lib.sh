# Shared by the kind airgap scripts: versions, cache layout, logging. Sourced, not run.
# shellcheck shell=bash
readonly KIND_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Versions come from the one place they are pinned (read by the runner and the workflows too).
pinned() { jq -er ".$1" "$KIND_DIR/../../pinned-environment.json"; }
# KUBIA_NOTES_K8S_VERSION/_STAGING build another minor beside the pinned one (a second
# environment to compare with: .ci/run builds v1.33.13 for the environment tests).
readonly K8S_VERSION=${KUBIA_NOTES_K8S_VERSION:-$(pinned kubernetes)}
readonly K8S_STAGING_VERSION=${KUBIA_NOTES_K8S_STAGING_VERSION:-$(pinned kubernetesStaging)}
readonly KIND_VERSION=$(pinned kind)
readonly ETCD_VERSION=$(pinned etcd)
readonly COREDNS_VERSION=$(pinned coredns)
readonly PAUSE_TAG=$(pinned pause)
readonly NODE_IMAGE=kubia-notes/kind-node:${K8S_VERSION}
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

# hold_lock NAME: holds $CACHE_ROOT/NAME.lock until this script exits, so two builds of the same
# output (two setups, or .ci/run's background build and its foreground step) wait for each other
# instead of deleting each other's work; the second then finds the output made. Bounded: 60 min.
hold_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$CACHE_ROOT"
  exec 8>"$CACHE_ROOT/$1.lock"
  flock -n 8 && return 0
  log "another build of $1 is running: waiting for it (at most 60 min)"
  flock -w 3600 8 || die "the other build of $1 still runs after 60 min (lock: $CACHE_ROOT/$1.lock)"
}

# timed NAME CMD…: runs CMD and logs how long it took.
timed() {
  local name=$1 start; shift
  start=$(date +%s)
  "$@"
  log "$name: $(( $(date +%s) - start )) s"
}
