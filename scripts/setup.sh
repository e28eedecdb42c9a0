#!/usr/bin/env bash
# npm run setup: what `npm run verify-notes` needs, brought to this machine and checked.
#   1. a Docker engine (kept when `docker info` answers);
#   2. kind and kubectl at the pinned versions (scripts/pinned-environment.json), in
#      ${XDG_CACHE_HOME:-~/.cache}/kubia-notes/bin unless the ones on PATH already are;
#   3. the kind node image, and offline the images of the cluster's load balancer (MetalLB) and
#      ingress controller (Traefik);
#   4. ${XDG_CACHE_HOME:-~/.cache}/kubia-notes/env.json, read by the runner (scripts/lib/cli/tool-path.ts),
#      so that nobody edits PATH;
#   5. `verify-notes --doctor` and a summary: what was found, what was installed, how long each step took.
# With a container registry in reach: the distribution's docker.io and the official release binaries
# (sha256 checked); kind pulls its node image. Without one (our CI): scripts/airgap/ builds the
# engine's images, Kubernetes, kind and the node image on this machine. A second run changes nothing.
#   KUBIA_NOTES_OFFLINE=1 (or 0) skips the registry probe.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
export DEBIAN_FRONTEND=noninteractive

cache=${XDG_CACHE_HOME:-$HOME/.cache}/kubia-notes
bin=$cache/bin
env_file=$cache/env.json
readonly REGISTRY_PROBE=https://registry-1.docker.io/v2/
readonly DOCKERD_LOG=/var/log/kubia-notes-dockerd.log

log() { printf '[setup] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds() { printf '%d.%01d s' $(($1 / 1000)) $(($1 % 1000 / 100)); }

summary=()
step_name="" step_t0=0 step_open=false started=$(now_ms)
step() { step_name=$1 step_t0=$(now_ms) step_open=true; printf '\n== setup: %s\n' "$1" >&2; }
# done_step WHAT: one summary line for the current step, with its time.
done_step() { summary+=("$(printf '%-15s %8s  %s' "$step_name" "$(seconds $(($(now_ms) - step_t0)))" "$1")"); step_open=false; }
finish() {
  local rc=$?
  if [ $rc -eq 0 ]; then
    printf '\n== npm run setup: done in %s\n' "$(seconds $(($(now_ms) - started)))"
    printf '  %s\n' "${summary[@]}"
    return
  fi
  ! $step_open || done_step "FAILED (exit $rc)"
  printf '\n== npm run setup: FAILED in step "%s" after %s\n' "$step_name" "$(seconds $(($(now_ms) - started)))" >&2
  [ ${#summary[@]} -eq 0 ] || printf '  %s\n' "${summary[@]}" >&2
}
trap finish EXIT

# bounded SECONDS CMD…: CMD with a time limit; Ctrl-C stops CMD and everything it started
# (timeout runs it in a process group of its own, which the terminal's Ctrl-C does not reach).
bounded() {
  local limit=$1 pid rc=0
  shift
  timeout "$limit" "$@" 9>&- &
  pid=$!
  trap 'kill -TERM -- "-$pid" 2>/dev/null; wait "$pid" || true; exit 130' INT TERM
  wait "$pid" || rc=$?
  trap - INT TERM
  [ $rc -ne 124 ] || log "timed out after $limit s: $*"
  return $rc
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "needs root for: $*"; fi
}

read -r KIND_VERSION K8S_VERSION NODE_IMAGE < <(node -p \
  'const p = JSON.parse(require("fs").readFileSync("scripts/pinned-environment.json", "utf8")); [p.kind, p.kubernetes, p.nodeImage].join(" ")')
[ -n "$NODE_IMAGE" ] || die "scripts/pinned-environment.json: kind, kubernetes and nodeImage are needed"
case $(uname -m) in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
if [ "$(uname -s)" != Linux ]; then
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  die "npm run setup knows Linux only. Here: Docker Desktop (https://docs.docker.com/desktop/), kind $KIND_VERSION (https://kind.sigs.k8s.io/dl/$KIND_VERSION/kind-$os-$arch) and kubectl $K8S_VERSION (https://dl.k8s.io/release/$K8S_VERSION/bin/$os/$arch/kubectl) first on PATH"
fi

mkdir -p "$cache"
# One setup at a time (two would race on apt, dockerd and the image builds). Children get fd 9 closed,
# or a dockerd started below would hold the lock for ever.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/setup.lock"
  flock -n 9 || { log "another npm run setup is running: waiting (at most 30 min)"; flock -w 1800 9 || die "the other setup still runs after 30 min"; }
fi

# ------------------------------------------------------------------ 1. network
step "network"
registry_answers() {
  local code
  if command -v curl >/dev/null 2>&1; then
    code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$REGISTRY_PROBE" 2>/dev/null) || true
  else
    code=$(node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => console.log(r.status), () => console.log(0))' "$REGISTRY_PROBE") || true
  fi
  [ "$code" = 401 ] || [ "$code" = 200 ] # 401: the registry answers and asks for a token
}
case ${KUBIA_NOTES_OFFLINE:-} in
  1) online=false why="KUBIA_NOTES_OFFLINE=1" ;;
  0) online=true why="KUBIA_NOTES_OFFLINE=0" ;;
  *) if registry_answers; then online=true why="${REGISTRY_PROBE%/v2/} answers"; else online=false why="no answer from ${REGISTRY_PROBE%/v2/} within 5 s"; fi ;;
esac
if $online; then done_step "online ($why)"; else done_step "offline ($why): scripts/airgap builds what a registry would give"; fi
if ! $online; then
  [ "$(id -u)" -eq 0 ] || die "the offline path installs packages and builds images: run it as root"
  # Kubernetes 1.34 and kind need Go >= 1.24 (Debian's golang-go is older): the machine's own Go.
  [ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH"
  go version 2>/dev/null | grep -Eq 'go1\.(2[4-9]|[3-9][0-9])' ||
    die "the offline path builds Kubernetes and kind with Go >= 1.24 (found: $(go version 2>&1)); install it from https://go.dev/dl/ into /usr/local/go"
fi

# ------------------------------------------------------------------ 2. Docker engine
step "docker"
docker_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }
not_allowed() { # the engine runs, but this user may not use its socket
  if command -v docker >/dev/null 2>&1 && [[ "$(timeout 10 docker info 2>&1)" == *"permission denied"* ]]; then
    die "the Docker engine runs but $(id -un) may not use it: sudo usermod -aG docker $(id -un), log in again, run npm run setup again"
  fi
}
engine() { timeout 10 docker version -f '{{.Server.Version}}' 2>/dev/null || echo '?'; }
debian_like() { [ -r /etc/os-release ] && grep -Eq '^ID(_LIKE)?=.*\b(debian|ubuntu)\b' /etc/os-release; }
systemd_pid1() { [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ]; }

install_docker_from_distribution() {
  debian_like || die "no Docker engine answers: install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, start it so that \`docker info\` answers, then run npm run setup again"
  local pkgs=(docker.io)
  log "installing the distribution's Docker: apt-get install docker.io"
  as_root timeout 300 apt-get update -qq
  # BuildKit for `docker build`, where the distribution has it (Ubuntu, Debian trixie; not bookworm).
  [[ "$(apt-cache policy docker-buildx 2>/dev/null)" != *"Candidate: "[0-9]* ]] || pkgs+=(docker-buildx)
  as_root env DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
}

start_dockerd() {
  if systemd_pid1; then
    as_root timeout 90 systemctl enable --now docker
  else
    log "starting dockerd in the background (log: $DOCKERD_LOG)"
    as_root sh -c "setsid nohup dockerd >>$DOCKERD_LOG 2>&1 </dev/null &" 9>&-
  fi
  local deadline=$((SECONDS + 60))
  until docker_answers; do
    not_allowed
    [ $SECONDS -lt $deadline ] || die "docker info does not answer 60 s after starting dockerd (log: $DOCKERD_LOG, or journalctl -u docker)"
    sleep 0.5
  done
}

if $online; then
  if docker_answers; then
    done_step "found engine $(engine)"
  else
    not_allowed
    how=started
    if ! command -v dockerd >/dev/null 2>&1; then install_docker_from_distribution; how=installed; fi
    start_dockerd
    done_step "$how engine $(engine) (the distribution's docker.io)"
  fi
else
  had=$(docker_answers && engine || echo none)
  # The engine (trixie's docker.io where bookworm's is too old), published ports on loopback, and the
  # notes' images (busybox, node:24, registry:2) built here: nothing can be pulled.
  bounded 1800 bash scripts/airgap/setup-docker.sh
  now=$(engine)
  if [ "$had" = none ]; then done_step "installed or started engine $now; the notes' images built or reused (scripts/airgap/setup-docker.sh)"
  else done_step "found engine $had$([ "$had" = "$now" ] || echo " → $now"); the notes' images checked (scripts/airgap/setup-docker.sh)"; fi
fi

# ------------------------------------------------------------------ 3. kind and kubectl
step "kind, kubectl"
version_of() { # TOOL BINARY: its version (v1.2.3), empty when it does not run
  case $1 in
    kind) timeout 10 "$2" version 2>/dev/null | awk '{print $2}' ;;
    kubectl) timeout 10 "$2" version --client -o json 2>/dev/null | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' | head -n 1 ;;
  esac || true
}
pinned_of() { if [ "$1" = kind ]; then echo "$KIND_VERSION"; else echo "$K8S_VERSION"; fi; }
path_without_bin=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$bin" | paste -sd: -)

# download TOOL: the official release binary into $bin, checked against its published sha256.
download() {
  local tool=$1 url sum_url tmp want got
  case $arch in amd64 | arm64) ;; *) die "no $tool release for $arch" ;; esac
  if [ "$tool" = kind ]; then
    url=https://kind.sigs.k8s.io/dl/$KIND_VERSION/kind-linux-$arch sum_url=$url.sha256sum
  else
    url=https://dl.k8s.io/release/$K8S_VERSION/bin/linux/$arch/kubectl sum_url=$url.sha256
  fi
  command -v curl >/dev/null 2>&1 || die "curl is needed to download $tool ($url)"
  tmp=$(mktemp "$bin/.$tool.XXXXXX")
  log "downloading $url"
  # kind's .sha256sum is "<hash>  <file>", kubectl's .sha256 the hash alone: the first field either way.
  if ! want=$(curl -fsSL --retry 2 --max-time 60 "$sum_url" | awk 'NR == 1 {print $1}') ||
    ! curl -fsSL --retry 2 --max-time 600 -o "$tmp" "$url"; then
    rm -f "$tmp"; die "could not download $url"
  fi
  got=$(sha256sum "$tmp" | awk '{print $1}')
  [[ "$want" =~ ^[0-9a-f]{64}$ && "$got" = "$want" ]] || { rm -f "$tmp"; die "$url: sha256 $got, but $sum_url says ${want:-nothing}"; }
  chmod 755 "$tmp" && mv -f "$tmp" "$bin/$tool"
}

mkdir -p "$bin"
airgap_dir=""
tools_line=()
for tool in kind kubectl; do
  want=$(pinned_of "$tool")
  if [ -x "$bin/$tool" ] && [ "$(version_of "$tool" "$bin/$tool")" = "$want" ]; then
    tools_line+=("$tool $want cached"); continue
  fi
  elsewhere=$(PATH=$path_without_bin command -v "$tool" || true)
  if [ -n "$elsewhere" ] && [ "$(version_of "$tool" "$elsewhere")" = "$want" ]; then
    rm -f "$bin/$tool" # an older one here would shadow it
    tools_line+=("$tool $want found at $elsewhere"); continue
  fi
  if $online; then
    download "$tool"
  else
    # go install kind, and the kubectl built from the Go module proxy (k8s-binaries.sh).
    [ -n "$airgap_dir" ] || airgap_dir=$(bounded 3600 bash scripts/airgap/kind/tools.sh)
    ln -sfn "$airgap_dir/$tool" "$bin/$tool"
  fi
  got=$(version_of "$tool" "$bin/$tool")
  [ "$got" = "$want" ] || die "$bin/$tool is ${got:-not runnable}, not the pinned $want"
  tools_line+=("$tool $want installed")
done
if [ -e "$bin/kind" ] || [ -e "$bin/kubectl" ]; then tool_dir=$bin; else tool_dir=""; fi
tools_said=$(printf '%s, ' "${tools_line[@]}")
done_step "${tools_said%, }${tool_dir:+ (in $tool_dir)}"

# ------------------------------------------------------------------ 4. kind node image
step "node image"
if $online; then
  # kind would pull it on the first cluster; pulled here, verify-notes does not wait for it.
  if timeout 20 docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
    done_step "found $NODE_IMAGE"
  else
    bounded 1800 docker pull -q "$NODE_IMAGE" >/dev/null
    done_step "pulled $NODE_IMAGE"
  fi
  kind_config=""
else
  offline_image=kubia-notes/kind-node:$K8S_VERSION
  before=$(docker image inspect -f '{{.Id}}' "$offline_image" 2>/dev/null || true)
  # Kubernetes, etcd, CoreDNS and pause from the Go module proxy; reused while its inputs match.
  bounded 5400 bash scripts/airgap/kind/build-node-image.sh
  after=$(docker image inspect -f '{{.Id}}' "$offline_image")
  if [ "$before" = "$after" ]; then done_step "found $offline_image (inputs unchanged)"; else done_step "built $offline_image"; fi
  kind_config=$repo/scripts/airgap/kind/kind-config.yaml
fi

# ------------------------------------------------------------------ 4b. load balancer images
step "load balancer"
read -r METALLB_VERSION < <(node -p 'JSON.parse(require("fs").readFileSync("scripts/pinned-environment.json", "utf8")).metallb')
if $online; then
  done_step "MetalLB $METALLB_VERSION: the nodes pull quay.io/metallb/controller and speaker (scripts/lib/kubernetes/parts/)"
else
  metallb_ids() { docker image inspect -f '{{.Id}}' "quay.io/metallb/controller:$METALLB_VERSION" "quay.io/metallb/speaker:$METALLB_VERSION" 2>/dev/null || true; }
  before=$(metallb_ids)
  # controller and speaker from the Go module proxy into images made from nothing; reused while their inputs match.
  bounded 1800 bash scripts/airgap/metallb/images.sh >/dev/null
  if [ "$before" = "$(metallb_ids)" ]; then done_step "found quay.io/metallb/controller, speaker:$METALLB_VERSION (inputs unchanged)"
  else done_step "built quay.io/metallb/controller, speaker:$METALLB_VERSION (scripts/airgap/metallb/images.sh)"; fi
fi

# ------------------------------------------------------------------ 4c. ingress controller image
step "ingress controller"
read -r TRAEFIK_VERSION < <(node -p 'JSON.parse(require("fs").readFileSync("scripts/pinned-environment.json", "utf8")).traefik')
if $online; then
  done_step "Traefik $TRAEFIK_VERSION: the nodes pull traefik:$TRAEFIK_VERSION (scripts/lib/kubernetes/parts/)"
else
  traefik_id() { docker image inspect -f '{{.Id}}' "traefik:$TRAEFIK_VERSION" 2>/dev/null || true; }
  before=$(traefik_id)
  # One static binary from the Go module proxy into an image made from nothing; reused while its inputs match.
  bounded 1800 bash scripts/airgap/traefik/images.sh >/dev/null
  if [ "$before" = "$(traefik_id)" ]; then done_step "found traefik:$TRAEFIK_VERSION (inputs unchanged)"
  else done_step "built traefik:$TRAEFIK_VERSION (scripts/airgap/traefik/images.sh)"; fi
fi

# ------------------------------------------------------------------ 5. the file the runner reads
step "env file"
want=$(node -e 'const [path, kindConfig] = process.argv.slice(1); console.log(JSON.stringify({ path: path || null, kindConfig: kindConfig || null }, null, 2))' "$tool_dir" "$kind_config")
if [ "$(cat "$env_file" 2>/dev/null)" = "$want" ]; then
  done_step "$env_file unchanged"
else
  tmp=$(mktemp "$env_file.XXXXXX")
  printf '%s\n' "$want" >"$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$env_file"
  done_step "wrote $env_file (PATH first: ${tool_dir:-nothing}; kind config: ${kind_config:-the default, scripts/kind/cluster.yaml})"
fi

# ------------------------------------------------------------------ 6. doctor
step "doctor"
# What the runner itself sees (it reads the env file): the check that nobody has to edit PATH.
doctor=$(bounded 120 npm run -s verify-notes -- --doctor)
printf '%s\n' "$doctor" >&2
if [[ "$doctor" == *"✗"* ]]; then
  done_step "npm run verify-notes -- --doctor: ✗ above"
  die "verify-notes does not see what setup provided (the ✗ lines above; $env_file is what it should read)"
fi
done_step "npm run verify-notes -- --doctor: all ✓"
