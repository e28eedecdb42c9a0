#!/usr/bin/env bash
# Lints .github/workflows with actionlint (GitHub Actions cannot run on our machines, so this
# is the check that the workflows are well-formed). Built from the Go module proxy, cached.
set -euo pipefail
version=v1.7.12
bin=${XDG_CACHE_HOME:-$HOME/.cache}/kubia-notes/tools/actionlint-$version
if [ ! -x "$bin/actionlint" ]; then
  mkdir -p "$bin"
  GOTOOLCHAIN=local GOBIN="$bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi
cd "$(dirname "$0")/../.."
"$bin/actionlint" -color=false -shellcheck= -pyflakes= .github/workflows/*.yml
echo "actionlint $version: $(ls .github/workflows/*.yml | wc -l) workflows OK"
