#!/usr/bin/env bash
# Builds the release executables (default: oilcat and oilcat-bench) into .build/release, with the Swift runtime and
# Foundation linked in (--static-swift-stdlib): a command then starts in about half the time, since the dynamic
# loader binds a dozen system libraries instead of some thirty. Each product is built on its own: a build of every
# product would also try to link GRDB's dynamic-library product, which cannot take a static runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

products=("$@")
[ ${#products[@]} -gt 0 ] || products=(oilcat oilcat-bench)
for product in "${products[@]}"; do
  swift build -c release --static-swift-stdlib --product "$product"
done
