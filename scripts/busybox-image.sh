#!/usr/bin/env bash
# Builds a small busybox OCI image archive from Debian's busybox-static, offline.
#   scripts/busybox-image.sh OUT.tar [NAME]
# NAME (default docker.io/library/busybox:latest) is written as the manifest's
# org.opencontainers.image.ref.name, which `capstan images import` turns into the tag.
# Needs umoci and busybox-static (scripts/setup.sh installs both); root keeps file ownership.
set -euo pipefail
out=${1:?usage: busybox-image.sh OUT.tar [NAME]}
name=${2:-docker.io/library/busybox:latest}
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "busybox-image.sh: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }
command -v umoci >/dev/null || { echo "busybox-image.sh: umoci missing (apt-get install umoci)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layout=$work/oci
umoci init --layout "$layout"
umoci new --image "$layout:$name"
rootless=()
[ "$(id -u)" = 0 ] || rootless=(--rootless)
umoci unpack "${rootless[@]}" --image "$layout:$name" "$work/bundle"
root=$work/bundle/rootfs

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,home,proc,sys,dev,var}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
install -m 0755 "$busybox" "$root/bin/busybox"
# One symlink per applet, at the path busybox itself would install it (`busybox --install -s`).
"$busybox" --list-full | while read -r applet; do
  [ "$applet" = bin/busybox ] && continue
  mkdir -p "$root/$(dirname "$applet")"
  ln -sf /bin/busybox "$root/$applet"
done
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP

umoci repack --image "$layout:$name" "$work/bundle"
umoci config --image "$layout:$name" --os linux --architecture amd64 \
  --config.cmd sh --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
umoci gc --layout "$layout"
mkdir -p "$(dirname "$out")"
tar -C "$layout" -cf "$out.partial" .
mv "$out.partial" "$out"
echo "wrote $out ($name, $(du -h "$out" | cut -f1))"
