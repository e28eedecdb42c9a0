#!/usr/bin/env bash
# The one entry point for offline machines (CI calls it): a running Docker engine
# (docker-engine.sh), then the images the notes use (images.sh), then a smoke test.
# Users with internet never need it: they have Docker and `docker pull`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
t0=$(date +%s%N)
log() { printf '[airgap] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
elapsed() { local t; t=$(( ($(date +%s%N) - t0) / 1000000 )); printf '%d.%03d s' $((t / 1000)) $((t % 1000)); }
on_exit() {
  local rc=$?
  if [ $rc -eq 0 ]; then log "setup-docker.sh: done in $(elapsed)"; else log "setup-docker.sh: FAILED (exit $rc) after $(elapsed)"; fi
}
trap on_exit EXIT

bash "$here/docker-engine.sh"
status=$(bash "$here/images.sh")

# `docker run --privileged` is what kind needs; bookworm's engine 20.10 failed it here.
out=$(timeout 60 docker run --rm --privileged busybox:latest sh -c 'mkdir -p /x && mount -t tmpfs none /x && echo ok' 2>&1) ||
  die "docker run --privileged busybox failed: $out"
[ "$out" = ok ] || die "docker run --privileged busybox said: $out"

while read -r name how; do
  [ -n "$name" ] || continue
  id=$(docker image inspect -f '{{.Id}}' "$name")
  size=$(docker image inspect -f '{{.Size}}' "$name" | numfmt --to=si --suffix=B)
  id=${id#sha256:}
  log "$(printf '%-28s %s  %6s  %s' "$name" "${id:0:12}" "$size" "$how")"
done <<<"$status"
