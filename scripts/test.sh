#!/usr/bin/env bash
# Sets up and runs the whole test suite: unit tests and the integration
# tests that start the real binary and drive it with the real kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build --build-tests
# Two runs: the unit tests, then the integration tests. Swift Testing runs a
# process's suites concurrently on one cooperative pool; the integration
# tests block its threads (they wait on kubectl and real processes), which
# starves unit tests that measure time on real sockets (the DNS server's).
swift test --skip-build --parallel --num-workers 2 --skip IntegrationTests 2>&1 | tee /tmp/capstan-test.log
swift test --skip-build --parallel --num-workers 2 --filter IntegrationTests 2>&1 | tee -a /tmp/capstan-test.log
