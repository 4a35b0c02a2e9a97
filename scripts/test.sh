#!/usr/bin/env bash
# The whole test suite, PostgreSQL included: installs what is missing (scripts/install-system-packages.sh
# --with-postgres), starts a throw-away PostgreSQL cluster for the PostgreSQL store's tests (scripts/test-postgres.sh;
# stopped and removed at the end), then runs `swift test` with any arguments given (`--filter Import`, say).
# Plain `swift test` runs everything else and skips the PostgreSQL tests, saying so; so does this script on a
# machine without Debian's packages (macOS), where it says so first.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dpkg >/dev/null 2>&1; then
  echo "Not a Debian machine: running the tests without a PostgreSQL server (its tests are skipped)." >&2
  exec swift test "$@"
fi
bash scripts/install-system-packages.sh --with-postgres
. scripts/test-postgres.sh
export OILCAT_TEST_REQUIRE_POSTGRES=1
swift test "$@"
