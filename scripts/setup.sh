#!/usr/bin/env bash
# Installs what Capstan needs on a fresh Debian 12 machine (root). Idempotent.
set -euo pipefail
need=()
# libsqlite3-dev: GRDB links the system SQLite (libsqlite3.so comes with the -dev package).
# etcd-server: the etcd backend's tests run against a real etcd.
# umoci busybox-static: scripts/busybox-image.sh builds the offline demo image; skopeo docker-registry
# crun runc conmon containernetworking-plugins iproute2: the node agent runs pods as real containers.
# apache2-utils (htpasswd): the image store's pull tests push to and pull from a real loopback registry.
# nginx-light: the Ingress controller's data plane. dnsutils (dig), wrk, dnsperf: service tests and benchmarks.
for pkg in curl ca-certificates sqlite3 libsqlite3-dev etcd-server crun runc conmon containernetworking-plugins iproute2 nftables umoci skopeo docker-registry busybox-static apache2-utils nginx-light dnsutils wrk dnsperf; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift is not on PATH (expected Swift 6.3 at /opt/swift)" >&2; exit 1; }
command -v kubectl >/dev/null || echo "warning: kubectl is not on PATH; the integration tests need it" >&2
