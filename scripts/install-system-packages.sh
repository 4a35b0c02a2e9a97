#!/usr/bin/env bash
# Installs the Debian packages OilCatalogue builds and runs with, when any is missing:
#   libxml2-dev + pkg-config  (the CLibXML2 system-library target; SwiftPM asks pkg-config for libxml-2.0)
#   libsqlite3-dev            (GRDB)
#   libxml2-utils             (xmllint, the baseline of the import benchmark)
# With --with-browser (CI), also what the web app's browser test drives:
#   chromium + chromium-driver + fonts-dejavu-core (headless Chromium through WebDriver)
# With --with-postgres (the test suite), also the PostgreSQL server the PostgreSQL store's tests start a throw-away
# cluster of (scripts/test-postgres.sh): postgresql, without the packaged cluster Debian would otherwise create; and
# curl, through which the two-server test talks to two `oilcat serve` processes.
set -euo pipefail

packages=(libxml2-dev pkg-config libsqlite3-dev libxml2-utils)
for option in "$@"; do
  case "$option" in
    --with-browser) packages+=(chromium chromium-driver fonts-dejavu-core) ;;
    --with-postgres) packages+=(postgresql curl) ;;
    *) echo "error: unknown option $option (known: --with-browser, --with-postgres)" >&2; exit 2 ;;
  esac
done
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing system packages: ${missing[*]}"
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: installing ${missing[*]} needs root; run as root or install sudo" >&2; exit 1; }
  run_as_root=(sudo)
fi
"${run_as_root[@]}" apt-get update
# The tests start a cluster of their own: no packaged cluster on port 5432 is made (and left running). The setting
# stays in /etc/postgresql-common/createcluster.d/oilcat.conf; remove it to have Debian make one on a later install.
if [[ " ${missing[*]} " == *" postgresql "* ]] && [ ! -e /etc/postgresql-common/createcluster.d/oilcat.conf ]; then
  "${run_as_root[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | "${run_as_root[@]}" tee /etc/postgresql-common/createcluster.d/oilcat.conf >/dev/null
fi
DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
