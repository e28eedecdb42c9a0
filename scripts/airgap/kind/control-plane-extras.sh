#!/usr/bin/env bash
# etcd, CoreDNS and pause at the versions kubeadm's images are tagged with, built from
# source (Go module proxy; pause.c from the Kubernetes module). Prints the output dir.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

key=$(key_of "$KIND_DIR/control-plane-extras.sh" "$KIND_DIR/etcd-main.go.txt" "$KIND_DIR/lib.sh" -- "$(go version)")
out=$CACHE_ROOT/extras-$key
if [ -x "$out/bin/pause" ] && [ -x "$out/bin/etcd" ] && [ -x "$out/bin/coredns" ]; then echo "$out/bin"; exit 0; fi
rm -rf "$out"; mkdir -p "$out/bin" "$out/etcd"

log "etcd $ETCD_VERSION"
cp "$KIND_DIR/etcd-main.go.txt" "$out/etcd/main.go"
(cd "$out/etcd" && go mod init kubia-notes/airgap/etcd >/dev/null 2>&1 && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null 2>&1 && go mod tidy >/dev/null 2>&1 &&
  timed "go build etcd" go build -trimpath -ldflags "-s -w" -o "$out/bin/etcd" .)

log "CoreDNS $COREDNS_VERSION"
timed "go install coredns" env GOBIN="$out/bin" go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"

log "pause (static C)"
command -v gcc >/dev/null || die "gcc is missing: apt-get install gcc libc6-dev"
go mod download "k8s.io/kubernetes@$K8S_VERSION" >/dev/null
pause_c=$(go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION/build/pause/linux/pause.c
gcc -Os -static -o "$out/bin/pause" -DVERSION="$PAUSE_TAG" "$pause_c"
strip "$out/bin/pause"
echo "$out/bin"
