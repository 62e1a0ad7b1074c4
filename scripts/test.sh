#!/usr/bin/env bash
# Sets up and runs the whole test suite: unit tests and the integration
# tests that start the real binary and drive it with the real kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build --build-tests
swift test --skip-build --parallel --num-workers 2 2>&1 | tee /tmp/capstan-test.log
