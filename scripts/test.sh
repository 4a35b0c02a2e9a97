#!/usr/bin/env bash
# The whole test suite, PostgreSQL included: installs what is missing (scripts/install-system-packages.sh
# --with-postgres), starts a throw-away PostgreSQL cluster for the PostgreSQL store's tests (scripts/test-postgres.sh;
# stopped and removed at the end), then runs `swift test` with any arguments given (`--filter Import`, say).
# Plain `swift test` runs everything else and skips the PostgreSQL tests, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-packages.sh --with-postgres
. scripts/test-postgres.sh
export OILCAT_TEST_REQUIRE_POSTGRES=1
swift test "$@"
