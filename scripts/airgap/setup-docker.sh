#!/usr/bin/env bash
# The one entry point for offline machines (CI calls it): a running Docker engine
# (docker-engine.sh), then the images the notes use (images.sh), then a smoke test.
# Users with internet never need it: they have Docker and `docker pull`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/log.sh"
report_on_exit setup-docker.sh

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
