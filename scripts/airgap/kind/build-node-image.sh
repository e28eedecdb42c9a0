#!/usr/bin/env bash
# The kind node image for machines without a container registry:
#   kubia-notes/kind-node:<pinned Kubernetes>, labelled with a hash of every input, rebuilt only when
#   that hash changes. Kubernetes, etcd, CoreDNS and pause are built from source
#   (k8s-binaries.sh, control-plane-extras.sh); the node base comes from Debian packages
#   and kind's own base files. Users with internet never need this: stock kind works.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_all=$(date +%s)

go_mod_dir() { go mod download -json "$1" | jq -r .Dir; }
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq; }
command -v gcc >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev; }

kind_files=$(go_mod_dir "sigs.k8s.io/kind@$KIND_VERSION")/images/base/files
key=$(key_of "$KIND_DIR"/*.sh "$KIND_DIR"/*.Dockerfile "$KIND_DIR"/*.txt "$KIND_DIR"/*.conflist -- \
  "$K8S_VERSION $KIND_VERSION $ETCD_VERSION $COREDNS_VERSION $PAUSE_TAG" "$(docker image inspect -f '{{.Id}}' kubia-notes/debian:bookworm)")
up_to_date() { [ "$(docker image inspect -f '{{index .Config.Labels "io.kubia-notes.inputs"}}' "$NODE_IMAGE" 2>/dev/null)" = "$key" ]; }
if up_to_date; then log "$NODE_IMAGE is up to date (inputs $key)"; exit 0; fi
# One build of this image at a time: a second waits, then finds it built.
hold_lock "node-image-$K8S_VERSION"
if up_to_date; then log "$NODE_IMAGE was built meanwhile (inputs $key)"; exit 0; fi

bin=$(bash "$KIND_DIR/k8s-binaries.sh")
extras=$(bash "$KIND_DIR/control-plane-extras.sh")
# crictl, as kind's own base image has it (`kind export logs` uses it).
crictl_version=v1.34.0
crictl_dir=$CACHE_ROOT/crictl-$crictl_version
if [ ! -x "$crictl_dir/crictl" ]; then # installed beside and renamed: two minors' builds share it
  mkdir -p "$CACHE_ROOT" && crictl_tmp=$(mktemp -d "$CACHE_ROOT/.crictl.XXXXXX")
  timed "go install crictl $crictl_version" env GOBIN="$crictl_tmp" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$crictl_version" "sigs.k8s.io/cri-tools/cmd/crictl@$crictl_version"
  mkdir -p "$crictl_dir" && mv -f "$crictl_tmp/crictl" "$crictl_dir/crictl" && rm -rf "$crictl_tmp"
fi
work=$(mktemp -d)
node=""
cleanup() {
  [ -n "$node" ] && docker rm -f "$node" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Component images, tagged exactly as kubeadm of the pinned version asks for them.
import_image() { # NAME DIR CHANGES…
  local name=$1 dir=$2; shift 2
  local changes=()
  for c in "$@"; do changes+=(--change "$c"); done
  tar -C "$dir" -c . | docker import "${changes[@]}" - "$name" >/dev/null
}
static_image() { # NAME BINARY
  local dir=$work/img-$(basename "$2")
  mkdir -p "$dir/usr/local/bin" "$dir/tmp" "$dir/etc"
  cp "$2" "$dir/usr/local/bin/"
  chmod 1777 "$dir/tmp"
  import_image "$1" "$dir" 'ENV PATH=/usr/local/bin:/usr/bin:/bin'
}
static_image "registry.k8s.io/kube-apiserver:$K8S_VERSION" "$bin/kube-apiserver"
static_image "registry.k8s.io/kube-controller-manager:$K8S_VERSION" "$bin/kube-controller-manager"
static_image "registry.k8s.io/kube-scheduler:$K8S_VERSION" "$bin/kube-scheduler"
static_image "registry.k8s.io/etcd:${ETCD_VERSION#v}-0" "$extras/etcd"
mkdir -p "$work/pause" "$work/coredns"
cp "$extras/pause" "$work/pause/pause"
import_image "registry.k8s.io/pause:$PAUSE_TAG" "$work/pause" 'ENTRYPOINT ["/pause"]'
cp "$extras/coredns" "$work/coredns/coredns"
mkdir -p "$work/coredns/tmp" && chmod 1777 "$work/coredns/tmp"
import_image "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" "$work/coredns" 'ENTRYPOINT ["/coredns"]'
mkdir -p "$work/proxy" && cp "$bin/kube-proxy" "$work/proxy/"
printf 'FROM kubia-notes/debian:bookworm\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iptables conntrack nftables ipset kmod && rm -rf /var/lib/apt/lists/*\nCOPY kube-proxy /usr/local/bin/kube-proxy\n' >"$work/proxy/Dockerfile"
timed "kube-proxy image" docker build -q -t "registry.k8s.io/kube-proxy:$K8S_VERSION" "$work/proxy" >/dev/null
components=(
  "registry.k8s.io/kube-apiserver:$K8S_VERSION" "registry.k8s.io/kube-controller-manager:$K8S_VERSION"
  "registry.k8s.io/kube-scheduler:$K8S_VERSION" "registry.k8s.io/kube-proxy:$K8S_VERSION"
  "registry.k8s.io/etcd:${ETCD_VERSION#v}-0" "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" "registry.k8s.io/pause:$PAUSE_TAG"
)

# 2. The node base from Debian packages and kind's own files.
cp -r "$kind_files" "$work/base"
find "$work/base" -type d -exec chmod 755 {} + && find "$work/base" -type f -exec chmod 644 {} +
chmod 755 "$work/base"/usr/local/bin/* "$work/base"/kind/bin/*
timed "kind base image" docker build -q -t "kubia-notes/kind-base:$key" -f "$KIND_DIR/base.Dockerfile" "$work/base" >/dev/null

# 3. Kubernetes into the node, the component images into its containerd, then commit.
node=kubia-notes-node-build-$$
docker run -d --privileged --name "$node" --entrypoint sleep "kubia-notes/kind-base:$key" infinity >/dev/null
for b in kubeadm kubelet kubectl; do docker cp "$bin/$b" "$node:/usr/bin/$b"; done
docker cp "$crictl_dir/crictl" "$node:/usr/local/bin/crictl"
docker exec "$node" sh -c "echo $K8S_VERSION > /kind/version && mkdir -p /etc/cni/net.d"
docker cp "$KIND_DIR/10-kubia.conflist" "$node:/etc/cni/net.d/10-kubia.conflist"
timed "docker save components" docker save -o "$work/components.tar" "${components[@]}"
docker cp "$work/components.tar" "$node:/components.tar"
docker exec -d "$node" sh -c 'containerd > /var/log/containerd-build.log 2>&1'
for _ in $(seq 1 30); do docker exec "$node" ctr version >/dev/null 2>&1 && break; sleep 1; done
timed "ctr import" docker exec "$node" ctr -n k8s.io images import --all-platforms --no-unpack /components.tar >/dev/null
for image in "${components[@]}"; do
  docker exec "$node" ctr -n k8s.io images label "docker.io/$image" io.cri-containerd.pinned=pinned >/dev/null 2>&1 ||
    docker exec "$node" ctr -n k8s.io images label "$image" io.cri-containerd.pinned=pinned >/dev/null
done
loaded=$(docker exec "$node" ctr -n k8s.io images ls -q)
for image in "${components[@]}"; do grep -qx "$image" <<<"$loaded" || die "$image did not load into the node's containerd (loaded: $loaded)"; done
docker exec "$node" sh -c 'pkill containerd; sleep 1; rm -f /components.tar /var/log/containerd-build.log'
docker commit \
  --change 'ENV container=docker' --change 'STOPSIGNAL SIGRTMIN+3' \
  --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' --change 'CMD []' \
  --change "LABEL io.kubia-notes.inputs=$key" \
  "$node" "$NODE_IMAGE" >/dev/null
docker rmi "kubia-notes/kind-base:$key" >/dev/null 2>&1 || true
log "$NODE_IMAGE built (inputs $key) in $(( $(date +%s) - start_all )) s"
