#!/usr/bin/env bash
# etcd, CoreDNS and pause at the versions kubeadm's images are tagged with, built from
# source (Go module proxy; pause.c from the Kubernetes module). Prints the output dir.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

key=$(key_of "$KIND_DIR/control-plane-extras.sh" "$KIND_DIR/etcd-main.go.txt" "$KIND_DIR/lib.sh" -- "$(go version)")
out=$CACHE_ROOT/extras-$key
# bin/ appears only when all three are built (renamed from bin.partial at the end).
if [ -d "$out/bin" ]; then echo "$out/bin"; exit 0; fi
hold_lock "extras-$key"
if [ -d "$out/bin" ]; then echo "$out/bin"; exit 0; fi
rm -rf "$out"; mkdir -p "$out/bin.partial" "$out/etcd"

log "etcd $ETCD_VERSION"
cp "$KIND_DIR/etcd-main.go.txt" "$out/etcd/main.go"
(cd "$out/etcd" && go mod init kubia-notes/airgap/etcd >/dev/null 2>&1 && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null 2>&1 && go mod tidy >/dev/null 2>&1 &&
  timed "go build etcd" go build -trimpath -ldflags "-s -w" -o "$out/bin.partial/etcd" .)

log "CoreDNS $COREDNS_VERSION"
timed "go install coredns" env GOBIN="$out/bin.partial" go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"

log "pause (static C)"
command -v gcc >/dev/null || die "gcc is missing: apt-get install gcc libc6-dev"
go mod download "k8s.io/kubernetes@$K8S_VERSION" >/dev/null
pause_c=$(go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION/build/pause/linux/pause.c
gcc -Os -static -o "$out/bin.partial/pause" -DVERSION="$PAUSE_TAG" "$pause_c"
strip "$out/bin.partial/pause"
mv "$out/bin.partial" "$out/bin"
echo "$out/bin"
