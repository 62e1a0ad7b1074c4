#!/usr/bin/env bash
# Sets up and runs a single-node Capstan cluster in ./.capstan (embedded store).
# Then, in another shell: export KUBECONFIG=$PWD/.capstan/kubeconfig.yaml; kubectl get ns
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product capstan
exec .build/release/capstan server --data-dir "${CAPSTAN_DATA_DIR:-.capstan}" "$@"
