#!/usr/bin/env bash
# The ingress controller's image for machines without a container registry: Traefik built from its
# Go module (github.com/traefik/traefik/v3 on the Go module proxy) at the pinned version
# (scripts/pinned-environment.json: traefik), one static binary alone in an image made from nothing
# (`docker import`, no base image to pull), tagged as the published image (traefik:<version>, that
# is docker.io/library/traefik), so the manifests name it as they would anywhere and the nodes find
# it once verify-notes has loaded it (`kind load docker-image`).
# Users with internet never need this: their nodes pull the published image.
# Cached by input: the binary under $CACHE_ROOT/traefik-<key>/bin (renamed from bin.partial when
# built), the image labelled io.kubia-notes.inputs=<key>. Prints the image name.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../kind/lib.sh"
readonly TRAEFIK_VERSION=$(pinned traefik)
readonly MODULE=github.com/traefik/traefik/v3
readonly LABEL=io.kubia-notes.inputs
readonly IMAGE=traefik:$TRAEFIK_VERSION

key=$(key_of "${BASH_SOURCE[0]}" "$KIND_DIR/lib.sh" -- "$TRAEFIK_VERSION" "$(go version)")
labelled() { [ "$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$IMAGE" 2>/dev/null)" = "$key" ]; }
if labelled; then log "$IMAGE is up to date (inputs $key)"; echo "$IMAGE"; exit 0; fi
# One build at a time (two setups, or setup and .ci/run): the second waits, then finds it built.
hold_lock "traefik-$key"
if labelled; then log "$IMAGE was built meanwhile (inputs $key)"; echo "$IMAGE"; exit 0; fi

out=$CACHE_ROOT/traefik-$key
upstream=$(go mod download -json "$MODULE@$TRAEFIK_VERSION" | jq -r .Dir)
if [ ! -d "$out/bin" ]; then
  src=$out/src
  rm -rf "$out"; mkdir -p "$out/bin.partial"
  log "building Traefik $TRAEFIK_VERSION from $MODULE (cold: see scripts/airgap/README.md)"
  # Traefik's own module as the main module, so its go.mod, go.sum, replace and exclude directives
  # hold exactly as in its release build (a module requiring it would drop its replacements).
  cp -r "$upstream" "$src"
  chmod -R u+w "$src"
  # webui/static holds only a placeholder in the module zip (the dashboard is built with Node
  # upstream); go:embed takes it as it is, and the cluster runs Traefik with its dashboard off.
  ldflags="-s -w -X $MODULE/pkg/version.Version=$TRAEFIK_VERSION"
  (cd "$src" && timed "go build (Traefik)" go build -trimpath -ldflags "$ldflags" -o "$out/bin.partial/traefik" ./cmd/traefik)
  [ -x "$out/bin.partial/traefik" ] || die "go build made no traefik"
  rm -rf "$src"
  mv "$out/bin.partial" "$out/bin"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# What Traefik's own image holds of it, less Alpine: CA certificates (only for outbound TLS, which
# an Ingress controller in front of plain-HTTP services does not do here) and tzdata (its logs are UTC).
mkdir -p "$work/tmp"
chmod 1777 "$work/tmp"
cp "$out/bin/traefik" "$work/traefik"
cp "$upstream/LICENSE.md" "$work/LICENSE.md"
tar -C "$work" -c . | docker import --change 'ENTRYPOINT ["/traefik"]' --change 'EXPOSE 80' --change "LABEL $LABEL=$key" - "$IMAGE" >/dev/null
log "$IMAGE: $(du -h "$out/bin/traefik" | cut -f1) binary, inputs $key"
echo "$IMAGE"
