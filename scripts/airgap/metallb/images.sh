#!/usr/bin/env bash
# MetalLB's controller and speaker images for machines without a container registry, built from
# its Go module (go.universe.tf/metallb on the Go module proxy) at the pinned version
# (scripts/pinned-environment.json: metallb): the two commands as static binaries, each alone in an
# image made from nothing (`docker import`, no base image to pull), tagged exactly as MetalLB's
# published manifest names them (quay.io/metallb/<name>:<version>), so the manifest is applied as
# it is and the nodes find them once verify-notes has loaded them (`kind load docker-image`).
# Users with internet never need this: their nodes pull the published images.
# Cached by input: binaries under $CACHE_ROOT/metallb-<key>/bin (renamed from bin.partial when
# both are built), images labelled io.kubia-notes.inputs=<key>. Prints the two image names.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../kind/lib.sh"
readonly METALLB_VERSION=$(pinned metallb)
readonly MODULE=go.universe.tf/metallb
readonly LABEL=io.kubia-notes.inputs
# The proxy is a partial mirror: MetalLB v0.15.2 asks for github.com/metallb/frr-k8s v0.0.20, which
# it does not hold ("403 … not available"); v0.0.21 is there, and its api/ (the only package MetalLB
# imports of it, for the FRR-K8s BGP mode) and its go.mod are the same as v0.0.20's, byte for byte.
readonly REPLACE="github.com/metallb/frr-k8s => github.com/metallb/frr-k8s v0.0.21"
commands=(controller speaker)
image_of() { echo "quay.io/metallb/$1:$METALLB_VERSION"; }

key=$(key_of "${BASH_SOURCE[0]}" "$KIND_DIR/lib.sh" -- "$METALLB_VERSION" "$(go version)")
labelled() { [ "$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$(image_of "$1")" 2>/dev/null)" = "$key" ]; }
all_labelled() { for c in "${commands[@]}"; do labelled "$c" || return 1; done; }
done_here() { for c in "${commands[@]}"; do image_of "$c"; done; exit 0; }
if all_labelled; then log "MetalLB $METALLB_VERSION images are up to date (inputs $key)"; done_here; fi
# One build at a time (two setups, or setup and .ci/run): the second waits, then finds it built.
hold_lock "metallb-$key"
if all_labelled; then log "MetalLB $METALLB_VERSION images were built meanwhile (inputs $key)"; done_here; fi

out=$CACHE_ROOT/metallb-$key
if [ ! -d "$out/bin" ]; then
  mod=$out/module
  rm -rf "$out"; mkdir -p "$mod" "$out/bin.partial"
  log "building MetalLB $METALLB_VERSION controller and speaker from $MODULE (cold: ~4 min on 2 cores)"
  upstream_mod=$(go mod download -json "$MODULE@$METALLB_VERSION" | jq -r .GoMod)
  # A build module that requires MetalLB (the versions of everything else come from its own go.mod),
  # as scripts/airgap/kind/k8s-binaries.sh does for Kubernetes.
  printf 'module kubia-notes/airgap/metallb\n\ngo %s\n\nrequire %s %s\n\nreplace %s\n' \
    "$(sed -n 's/^go //p' "$upstream_mod")" "$MODULE" "$METALLB_VERSION" "$REPLACE" >"$mod/go.mod"
  { echo "//go:build tools"; echo "package tools"; for c in "${commands[@]}"; do echo "import _ \"$MODULE/$c\""; done; } >"$mod/tools.go"
  (cd "$mod" && timed "go mod tidy (MetalLB)" go mod tidy)
  ldflags="-s -w -X $MODULE/internal/version.gitCommit=kubia-notes-airgap -X $MODULE/internal/version.gitBranch=$METALLB_VERSION"
  pkgs=()
  for c in "${commands[@]}"; do pkgs+=("$MODULE/$c"); done
  (cd "$mod" && timed "go build (MetalLB controller + speaker)" go build -trimpath -ldflags "$ldflags" -o "$out/bin.partial/" "${pkgs[@]}")
  for c in "${commands[@]}"; do [ -x "$out/bin.partial/$c" ] || die "go build made no $c"; done
  mv "$out/bin.partial" "$out/bin"
fi

license=$(go mod download -json "$MODULE@$METALLB_VERSION" | jq -r .Dir)/LICENSE
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for c in "${commands[@]}"; do
  # What MetalLB's own images hold of it (their distroless/static base adds only passwd,
  # certificates and tzdata, which neither command reads: they run as the manifest's user and
  # talk to the API server with the service account's CA).
  mkdir -p "$work/$c/tmp"
  chmod 1777 "$work/$c/tmp"
  cp "$out/bin/$c" "$work/$c/$c"
  cp "$license" "$work/$c/LICENSE"
  tar -C "$work/$c" -c . | docker import --change "ENTRYPOINT [\"/$c\"]" --change "LABEL $LABEL=$key" - "$(image_of "$c")" >/dev/null
  log "$(image_of "$c"): $(du -h "$out/bin/$c" | cut -f1) binary, inputs $key"
done
done_here
