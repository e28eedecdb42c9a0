#!/usr/bin/env bash
# Kubernetes' seven binaries built from the Go module proxy (no release download reaches
# this machine): a build module requiring k8s.io/kubernetes with each staging module
# replaced by its published version, versions stamped so `kubectl version` tells the truth.
# Prints the directory holding kubeadm, kubelet, kubectl, kube-apiserver, … on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

key=$(key_of "$KIND_DIR/k8s-binaries.sh" "$KIND_DIR/lib.sh" -- "$K8S_VERSION" "$(go version)")
out=$CACHE_ROOT/k8s-$key
commands=(kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy)
# bin/ appears only when all seven are built (renamed from bin.partial), so a build that was
# killed half-way is never taken for a finished one.
if [ -d "$out/bin" ]; then echo "$out/bin"; exit 0; fi
hold_lock "k8s-$key"
if [ -d "$out/bin" ]; then echo "$out/bin"; exit 0; fi

mod=$out/module
rm -rf "$out"; mkdir -p "$mod"
log "building Kubernetes $K8S_VERSION binaries into $out (cold: ~6 min on 2 cores)"
go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >/dev/null
upstream_mod=$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$K8S_VERSION.mod
{
  echo "module kubia-notes/airgap/k8s"
  echo "go $(sed -n 's/^go //p' "$upstream_mod")"
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo "replace ("
  # Kubernetes' own go.mod points every staging module at ./staging/…; outside its tree
  # the same modules come from the proxy at the matching v0.x version.
  sed -n '/^replace (/,/^)/p' "$upstream_mod" | awk '$2 == "=>" && $3 ~ /^\.\/staging/ {print "\t" $1 " => " $1 " '"$K8S_STAGING_VERSION"'"}'
  echo ")"
} >"$mod/go.mod"
{
  echo "//go:build tools"
  echo "package tools"
  echo "import ("
  for c in "${commands[@]}"; do echo "	_ \"k8s.io/kubernetes/cmd/$c\""; done
  echo ")"
} >"$mod/tools.go"
(cd "$mod" && timed "go mod tidy" go mod tidy)

date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
minor=$(cut -d. -f2 <<<"$K8S_VERSION")
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ldflags+=" -X $p.gitTreeState=clean -X $p.gitCommit=kubia-notes-airgap -X $p.buildDate=$date"
done
pkgs=()
for c in "${commands[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
mkdir -p "$out/bin.partial"
(cd "$mod" && timed "go build (7 binaries)" go build -trimpath -ldflags "$ldflags" -o "$out/bin.partial/" "${pkgs[@]}")
for c in "${commands[@]}"; do [ -x "$out/bin.partial/$c" ] || die "go build made no $c"; done
"$out/bin.partial/kubectl" version --client >&2
mv "$out/bin.partial" "$out/bin"
echo "$out/bin"
