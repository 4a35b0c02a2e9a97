#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the test suite and exports its address, for the PostgreSQL tests of the
# store (Tests/PostgresStoreTests). Source it: `. scripts/test-postgres.sh`; the cluster stops and its folder is
# removed when the sourcing shell exits. Needs Debian's postgresql package (scripts/install-system-packages.sh
# --with-postgres). As root, the server runs as the system user oilcat-ci (PostgreSQL refuses to run as root).
#
# The cluster is for tests only: fsync is off, anyone on loopback may connect as 'oilcat'.
# Sets OILCAT_TEST_POSTGRES_URL=postgres://oilcat@127.0.0.1:PORT/oilcat_test.

oilcat_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
if [ -z "$oilcat_pg_bin" ] || [ ! -x "$oilcat_pg_bin/initdb" ]; then
  echo "error: PostgreSQL's server programs are missing; run: bash scripts/install-system-packages.sh --with-postgres" >&2
  return 1 2>/dev/null || exit 1
fi
oilcat_pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/oilcat-pg.XXXXXX")
oilcat_pg_run=()
if [ "$(id -u)" -eq 0 ]; then
  id oilcat-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin oilcat-ci
  chown oilcat-ci: "$oilcat_pg_dir"
  oilcat_pg_run=(runuser -u oilcat-ci --)
fi
oilcat_pg_port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$oilcat_pg_port") 2>/dev/null; do oilcat_pg_port=$((oilcat_pg_port + 1)); done

oilcat_pg_stop() {
  "${oilcat_pg_run[@]}" "$oilcat_pg_bin/pg_ctl" -D "$oilcat_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$oilcat_pg_dir"
}
trap oilcat_pg_stop EXIT

"${oilcat_pg_run[@]}" "$oilcat_pg_bin/initdb" -D "$oilcat_pg_dir/data" -U oilcat --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$oilcat_pg_dir/initdb.log" 2>&1 || { cat "$oilcat_pg_dir/initdb.log" >&2; return 1 2>/dev/null || exit 1; }
"${oilcat_pg_run[@]}" "$oilcat_pg_bin/pg_ctl" -D "$oilcat_pg_dir/data" -l "$oilcat_pg_dir/server.log" -w -t 60 \
  -o "-p $oilcat_pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$oilcat_pg_dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$oilcat_pg_dir/server.log" >&2; return 1 2>/dev/null || exit 1; }
"$oilcat_pg_bin/createdb" -h 127.0.0.1 -p "$oilcat_pg_port" -U oilcat oilcat_test
export OILCAT_TEST_POSTGRES_URL="postgres://oilcat@127.0.0.1:$oilcat_pg_port/oilcat_test"
echo "PostgreSQL for the tests: $OILCAT_TEST_POSTGRES_URL"
