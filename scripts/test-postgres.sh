#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the test suite and exports its address, for the PostgreSQL tests of the
# store (Tests/PostgresStoreTests). Source it: `. scripts/test-postgres.sh`; the cluster stops and its folder is
# removed when the sourcing shell exits (its EXIT trap is this script's). Needs Debian's postgresql package
# (scripts/install-system-packages.sh --with-postgres). As root, the server runs as the system user oilcat-ci
# (PostgreSQL refuses to run as root).
#
# The cluster is for tests only (fsync off). It listens on 127.0.0.1 and a socket in its own 0700 folder; the user
# 'oilcat' signs in with a random password that only the exported address holds.
# Sets OILCAT_TEST_POSTGRES_URL=postgres://oilcat:PASSWORD@127.0.0.1:PORT/oilcat_test.

if [ -n "${oilcat_pg_dir:-}" ] && [ -d "$oilcat_pg_dir" ]; then
  echo "PostgreSQL for the tests is already running in $oilcat_pg_dir" >&2
  return 0 2>/dev/null || exit 0
fi
oilcat_pg_bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V || true); do
  [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && oilcat_pg_bin=$candidate
done
if [ -z "$oilcat_pg_bin" ]; then
  echo "error: PostgreSQL's server programs are missing; run: bash scripts/install-system-packages.sh --with-postgres" >&2
  return 1 2>/dev/null || exit 1
fi
oilcat_pg_run=()
if [ "$(id -u)" -eq 0 ]; then
  # The server's user must reach the folder: /tmp, whatever TMPDIR says.
  oilcat_pg_dir=$(mktemp -d /tmp/oilcat-pg.XXXXXX)
else
  oilcat_pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/oilcat-pg.XXXXXX")
fi
oilcat_pg_stop() {
  [ -f "$oilcat_pg_dir/data/postmaster.pid" ] \
    && "${oilcat_pg_run[@]}" "$oilcat_pg_bin/pg_ctl" -D "$oilcat_pg_dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$oilcat_pg_dir"
}
trap oilcat_pg_stop EXIT
if [ "$(id -u)" -eq 0 ]; then
  id oilcat-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin oilcat-ci
  chown oilcat-ci: "$oilcat_pg_dir"
  oilcat_pg_run=(runuser -u oilcat-ci --)
fi
oilcat_pg_password=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
( umask 077; echo "$oilcat_pg_password" >"$oilcat_pg_dir/password" )
[ "$(id -u)" -eq 0 ] && chown oilcat-ci: "$oilcat_pg_dir/password"

"${oilcat_pg_run[@]}" "$oilcat_pg_bin/initdb" -D "$oilcat_pg_dir/data" -U oilcat --pwfile="$oilcat_pg_dir/password" \
  --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$oilcat_pg_dir/initdb.log" 2>&1 \
  || { cat "$oilcat_pg_dir/initdb.log" >&2; return 1 2>/dev/null || exit 1; }
rm -f "$oilcat_pg_dir/password"
# A free port: the first that nothing answers on, tried again if another run takes it first.
oilcat_pg_port=55432
for _ in 1 2 3 4 5; do
  while (exec 3<>"/dev/tcp/127.0.0.1/$oilcat_pg_port") 2>/dev/null; do oilcat_pg_port=$((oilcat_pg_port + 1)); done
  if "${oilcat_pg_run[@]}" "$oilcat_pg_bin/pg_ctl" -D "$oilcat_pg_dir/data" -l "$oilcat_pg_dir/server.log" -w -t 60 \
    -o "-p $oilcat_pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$oilcat_pg_dir' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    break
  fi
  oilcat_pg_port=$((oilcat_pg_port + 1))
done
if [ ! -f "$oilcat_pg_dir/data/postmaster.pid" ]; then
  cat "$oilcat_pg_dir/server.log" >&2
  return 1 2>/dev/null || exit 1
fi
PGPASSWORD=$oilcat_pg_password "$oilcat_pg_bin/createdb" -h 127.0.0.1 -p "$oilcat_pg_port" -U oilcat oilcat_test
export OILCAT_TEST_POSTGRES_URL="postgres://oilcat:$oilcat_pg_password@127.0.0.1:$oilcat_pg_port/oilcat_test"
echo "PostgreSQL for the tests: postgres://oilcat@127.0.0.1:$oilcat_pg_port/oilcat_test (its folder: $oilcat_pg_dir)"
