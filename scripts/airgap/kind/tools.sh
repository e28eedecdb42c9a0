#!/usr/bin/env bash
# kind (go install) and the kubectl built by k8s-binaries.sh, side by side in one directory.
# Prints that directory: put it on PATH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir=$CACHE_ROOT/bin
mkdir -p "$dir"
if ! "$dir/kind" version 2>/dev/null | grep -q "kind $KIND_VERSION "; then
  timed "go install kind $KIND_VERSION" env GOBIN="$dir" go install "sigs.k8s.io/kind@$KIND_VERSION"
fi
ln -sf "$(bash "$KIND_DIR/k8s-binaries.sh")/kubectl" "$dir/kubectl"
echo "$dir"
