# kind's node base (images/base/Dockerfile of sigs.k8s.io/kind) rebuilt from Debian
# packages: containerd, runc and the CNI plugins come from bookworm instead of being
# compiled from GitHub sources this machine cannot reach. Build context: kind's
# images/base/files, with this machine's Debian base image (scripts/airgap/images.sh).
FROM kubia-notes/debian:bookworm
# build-node-image.sh sets the modes (dirs 755, files 644, scripts 755) in the context.
COPY usr/local/bin/ /usr/local/bin/
COPY kind/ /kind/
COPY etc/ /etc/
# --force-confold: kind's containerd config (copied above) wins over the package's.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold \
      systemd systemd-sysv dbus conntrack iptables nftables iproute2 ethtool util-linux mount kmod \
      libseccomp2 pigz bash ca-certificates curl jq procps socat ebtables \
      containerd runc containernetworking-plugins \
    && rm -rf /var/lib/apt/lists/* \
    && find /lib/systemd/system/sysinit.target.wants/ -name "systemd-tmpfiles-setup.service" -delete \
    && rm -f /lib/systemd/system/multi-user.target.wants/* \
    && rm -f /etc/systemd/system/*.wants/* \
    && rm -f /lib/systemd/system/local-fs.target.wants/* \
    && rm -f /lib/systemd/system/sockets.target.wants/*udev* \
    && rm -f /lib/systemd/system/sockets.target.wants/*initctl* \
    && rm -f /lib/systemd/system/basic.target.wants/* \
    && echo "ReadKMsg=no" >> /etc/systemd/journald.conf \
    && ln -sf "$(command -v systemd || echo /lib/systemd/systemd)" /sbin/init
# Where kind's units and scripts expect the runtime (its own build installs it there).
RUN ln -sf /usr/bin/containerd /usr/local/bin/containerd \
    && ln -sf /usr/bin/ctr /usr/local/bin/ctr \
    && ln -sf /usr/bin/containerd-shim-runc-v2 /usr/local/bin/containerd-shim-runc-v2 \
    && mkdir -p /usr/local/sbin && ln -sf /usr/sbin/runc /usr/local/sbin/runc \
    && mkdir -p /opt/cni && ln -sfn /usr/lib/cni /opt/cni/bin \
    && ctr oci spec \
      | jq '.hooks.createContainer[.hooks.createContainer| length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' \
      | jq 'del(.process.rlimits)' > /etc/containerd/cri-base.json \
    && systemctl enable kubelet.service containerd.service undo-mount-hacks.service \
    && systemctl mask systemd-binfmt.service \
    && mkdir -p /etc/kubernetes/manifests
ENV container=docker
STOPSIGNAL SIGRTMIN+3
ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]
