#!/usr/bin/env bash
# Make sure a usable Docker engine runs on this machine (offline CI machines only;
# users with internet already have Docker and never need this).
#
#   - installs Debian trixie's docker.io 26 + docker-buildx (pinned, by name) when
#     dockerd is absent or older than engine 26 (bookworm's 20.10 cannot run
#     `docker run --privileged` on these machines);
#   - merges "ip": "127.0.0.1" and default-network-opts host_binding_ipv4 127.0.0.1
#     into /etc/docker/daemon.json, so that `docker run -p 8080:8080` publishes on
#     loopback only, on the default bridge and on networks created later (kind's);
#   - starts dockerd in the background when `docker info` does not answer, and
#     waits at most 60 s for it.
#
# Idempotent; a warm run (everything in place) takes well under 2 s.
set -euo pipefail

readonly MIN_ENGINE_MAJOR=26
readonly DAEMON_JSON=/etc/docker/daemon.json
readonly BIND_IP=127.0.0.1
readonly DOCKERD_LOG=/var/log/kubia-notes-dockerd.log
readonly TRIXIE_SOURCES=/etc/apt/sources.list.d/kubia-notes-trixie.sources
readonly TRIXIE_PIN=/etc/apt/preferences.d/kubia-notes-trixie
readonly START_TIMEOUT=60

source "$(dirname "${BASH_SOURCE[0]}")/log.sh"
report_on_exit docker-engine.sh

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages, starts dockerd)"

# One run at a time (two would race to install or to start dockerd).
exec 8>/run/kubia-notes-docker-engine.lock
if ! flock -n 8; then
  log "waiting for another docker-engine.sh run (at most 300 s)"
  flock -w 300 8 || die "another docker-engine.sh still runs after 300 s"
fi

major_of() { sed -E 's/^[^0-9]*([0-9]+)\..*/\1/' <<<"$1"; }

dockerd_major() {
  command -v dockerd >/dev/null 2>&1 || { echo 0; return; }
  local v
  v=$(dockerd --version 2>/dev/null | sed -E 's/^Docker version ([0-9.]+).*/\1/') || true
  [[ "$v" =~ ^[0-9]+\. ]] && major_of "$v" || echo 0
}

docker_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

# ---------------------------------------------------------------- packages
install_packages() {
  local pkgs=("$@")
  log "installing from Debian: ${pkgs[*]}"
  # trixie only as a low-priority source, so nothing is taken from it unless named.
  local want_sources want_pin
  want_sources=$'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg'
  want_pin=$'# kubia-notes: take nothing from trixie unless asked for by name (pkg/trixie)\nPackage: *\nPin: release n=trixie\nPin-Priority: 100'
  # the pin file goes in first: a trixie source without it would upgrade the host.
  if [ "$(cat "$TRIXIE_PIN" 2>/dev/null)" != "$want_pin" ]; then
    printf '%s\n' "$want_pin" >"$TRIXIE_PIN"
    log "wrote $TRIXIE_PIN (Pin-Priority 100 for trixie)"
  fi
  if [ "$(cat "$TRIXIE_SOURCES" 2>/dev/null)" != "$want_sources" ]; then
    printf '%s\n' "$want_sources" >"$TRIXIE_SOURCES"
    log "wrote $TRIXIE_SOURCES"
  fi
  log "apt-get update"
  timeout 300 apt-get update -qq >/dev/null || die "apt-get update failed"

  # Simulate first: only the packages named here may come from trixie or be upgraded.
  local sim line name named refused=() from_trixie=""
  named=" $(printf '%s ' "${pkgs[@]%%/*}")"
  sim=$(apt-get -s install --no-install-recommends "${pkgs[@]}" 2>&1) || { printf '%s\n' "$sim" >&2; die "apt-get -s install failed"; }
  while IFS= read -r line; do
    name=$(awk '{print $2}' <<<"$line")
    case "$line" in
      Remv\ *) refused+=("remove:$name") ;;
      Inst\ *)
        if [[ "$line" == *Debian:13* ]]; then from_trixie+="$name "; fi
        if [[ "$named" != *" $name "* ]]; then
          if [[ "$line" == *Debian:13* ]]; then refused+=("trixie:$name"); fi
          if [[ "$line" =~ ^Inst\ [^\ ]+\ \[ ]]; then refused+=("upgrade:$name"); fi
        fi ;;
    esac
  done < <(grep -E '^(Inst|Remv) ' <<<"$sim" || true)
  if [ ${#refused[@]} -gt 0 ]; then
    grep -E '^(Inst|Remv) ' <<<"$sim" >&2 || true
    die "apt would also touch: ${refused[*]}; refusing (only ${pkgs[*]} may)"
  fi
  log "from trixie: ${from_trixie:-nothing}(each asked for by name)"

  # Package scripts must not start services: dockerd is started below, with our config.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    guard=/usr/sbin/policy-rc.d
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null || rc=$?
  [ -z "$guard" ] || rm -f "$guard"
  [ $rc -eq 0 ] || die "apt-get install failed (exit $rc)"
}

need=()
engine_major=$(dockerd_major)
if [ "$engine_major" -lt "$MIN_ENGINE_MAJOR" ]; then
  if [ "$engine_major" -eq 0 ]; then log "dockerd not found"; else log "dockerd is engine $engine_major (< $MIN_ENGINE_MAJOR)"; fi
  # Asked for by release, or apt's release selection for docker.io/trixie also takes
  # trixie's containerd 1.7; bookworm's 1.6 satisfies docker.io (containerd >= 1.4~).
  need+=(docker.io/trixie containerd/bookworm)
fi
# BuildKit front end for `docker build` (the CLI may come from elsewhere, e.g. /usr/local/bin).
if ! { command -v docker >/dev/null 2>&1 && docker buildx version >/dev/null 2>&1; }; then
  need+=(docker-buildx/trixie)
fi
command -v docker >/dev/null 2>&1 || need+=(docker-cli/trixie)
command -v jq >/dev/null 2>&1 || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  install_packages "${need[@]}"
  engine_major=$(dockerd_major)
  [ "$engine_major" -ge "$MIN_ENGINE_MAJOR" ] || die "dockerd still engine $engine_major after install"
fi

# ---------------------------------------------------------------- daemon.json
# "ip" is the default host address of ports published on the default bridge;
# default-network-opts (engine >= 24) gives every bridge network created later
# (user-defined ones, kind's) the same default, or they would publish on 0.0.0.0 and [::].
readonly BIND_OPT=com.docker.network.bridge.host_binding_ipv4
# shellcheck disable=SC2016 # jq variables, not shell ones
readonly JQ_WANT='.ip = $ip | .["default-network-opts"].bridge[$opt] = $ip'
# shellcheck disable=SC2016
readonly JQ_HAVE='.ip == $ip and .["default-network-opts"].bridge[$opt] == $ip'
config_changed=0
mkdir -p "$(dirname "$DAEMON_JSON")"
[ -s "$DAEMON_JSON" ] || printf '{}\n' >"$DAEMON_JSON"
jq -e 'type == "object"' "$DAEMON_JSON" >/dev/null 2>&1 || die "$DAEMON_JSON is not a JSON object; fix it by hand"
if ! jq -e --arg ip "$BIND_IP" --arg opt "$BIND_OPT" "$JQ_HAVE" "$DAEMON_JSON" >/dev/null; then
  tmp=$(mktemp "$DAEMON_JSON.XXXXXX")
  jq --arg ip "$BIND_IP" --arg opt "$BIND_OPT" "$JQ_WANT" "$DAEMON_JSON" >"$tmp" && chmod 644 "$tmp" && mv "$tmp" "$DAEMON_JSON"
  config_changed=1
  log "set \"ip\" and default-network-opts $BIND_OPT to $BIND_IP in $DAEMON_JSON (published ports bind loopback only)"
fi

# ---------------------------------------------------------------- dockerd
systemd_pid1() { [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ]; }

start_dockerd() {
  if systemd_pid1 && [ -e /lib/systemd/system/docker.service ]; then
    log "starting dockerd (systemctl start docker)"
    timeout 90 systemctl start docker || die "systemctl start docker failed"
  else
    log "starting dockerd in the background (log: $DOCKERD_LOG)"
    printf '\n===== %s kubia-notes: starting dockerd\n' "$(date -Is)" >>"$DOCKERD_LOG"
    setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null 8>&- &
    disown || true
  fi
}

stop_dockerd() {
  if systemd_pid1 && systemctl is-active --quiet docker 2>/dev/null; then
    timeout 90 systemctl stop docker || die "systemctl stop docker failed"
    return
  fi
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -z "$pid" ] || [ "$(ps -p "$pid" -o comm= 2>/dev/null)" != dockerd ]; then
    die "dockerd runs but /var/run/docker.pid does not name it; restart it by hand"
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "dockerd (pid $pid) did not stop within 30 s"
    sleep 0.2
  done
}

wait_docker() {
  local deadline=$((SECONDS + START_TIMEOUT))
  until docker_answers; do
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
      die "docker info did not answer within ${START_TIMEOUT} s (log: $DOCKERD_LOG)"
    fi
    if ! systemd_pid1 && ! pgrep -x dockerd >/dev/null 2>&1; then
      tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
      die "dockerd exited while starting (log: $DOCKERD_LOG)"
    fi
    sleep 0.5
  done
}

bridge_binding() { docker network inspect bridge -f "{{ index .Options \"$BIND_OPT\" }}" 2>/dev/null || true; }
# What a newly created bridge network gets (shows whether default-network-opts is in force).
new_network_binding() {
  local net=kubia-notes-probe-$$ b
  docker network create "$net" >/dev/null 2>&1 || { echo "?"; return; }
  b=$(docker network inspect "$net" -f "{{ index .Options \"$BIND_OPT\" }}" 2>/dev/null || true)
  docker network rm "$net" >/dev/null 2>&1 || true
  echo "$b"
}

started=0
if docker_answers; then
  server=$(docker version -f '{{.Server.Version}}' 2>/dev/null || echo 0)
  restart_why=""
  if [ "$(major_of "$server")" -lt "$MIN_ENGINE_MAJOR" ] 2>/dev/null; then
    restart_why="running engine is $server"
  elif [ "$(bridge_binding)" != "$BIND_IP" ]; then
    restart_why="published ports do not default to $BIND_IP"
  elif [ $config_changed -eq 1 ] && [ "$(new_network_binding)" != "$BIND_IP" ]; then
    restart_why="new networks do not publish on $BIND_IP by default"
  fi
  if [ -n "$restart_why" ]; then
    log "restarting dockerd: $restart_why ($(docker ps -q | wc -l) running containers stop)"
    stop_dockerd
    start_dockerd
    wait_docker
    started=1
  fi
else
  start_dockerd
  wait_docker
  started=1
fi

binding=$(bridge_binding)
[ "$binding" = "$BIND_IP" ] || die "docker bridge publishes on '${binding:-0.0.0.0}', not $BIND_IP"
if [ $started -eq 1 ] || [ $config_changed -eq 1 ]; then
  binding=$(new_network_binding)
  [ "$binding" = "$BIND_IP" ] || die "a new bridge network publishes on '${binding:-0.0.0.0}', not $BIND_IP"
fi
log "docker engine $(docker version -f '{{.Server.Version}}'), storage driver $(docker info -f '{{.Driver}}'), cgroup v$(docker info -f '{{.CgroupVersion}}'), ports publish on $binding"
