#!/usr/bin/env bash
# Sets up and runs a single-node Capstan cluster in ./.capstan (embedded store).
# Then, in another shell: export KUBECONFIG=$PWD/.capstan/kubeconfig.yaml; kubectl get ns
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product capstan
data="${CAPSTAN_DATA_DIR:-.capstan}"
# The offline demo image: busybox from Debian's busybox-static, imported into this node's store.
if ! .build/release/capstan images ls --data-dir "$data" 2>/dev/null | grep -q busybox; then
  ./scripts/busybox-image.sh "${TMPDIR:-/tmp}/capstan-busybox.tar" >/dev/null
  .build/release/capstan images import --data-dir "$data" "${TMPDIR:-/tmp}/capstan-busybox.tar"
fi
exec .build/release/capstan server --data-dir "$data" "$@"
