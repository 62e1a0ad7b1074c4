#!/usr/bin/env bash
# Builds the release binary and the benchmark (the capstan-bench target,
# sources in Benchmarks/), installs etcd (the anchor), and prints the figures
# that go into docs/BENCHMARKS.md. Release builds go to their own scratch
# path (.build-rel), so they do not disturb the debug build in .build.
# Suites: --suite api (default), scheduler, controllers, node, proxy, dns, ingress.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
if ! command -v etcd >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq etcd-server >/dev/null
fi
# dnsmasq is the anchor of `--suite dns` (dnsperf comes with setup.sh).
if [[ " $* " == *" dns "* || " $* " == *"--suite=dns"* ]] && ! command -v dnsmasq >/dev/null && [ ! -x /usr/sbin/dnsmasq ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq dnsmasq-base >/dev/null
fi
swift build -c release --product capstan --scratch-path .build-rel
swift build -c release --product capstan-bench --scratch-path .build-rel
exec .build-rel/release/capstan-bench --capstan "$PWD/.build-rel/release/capstan" "$@"
