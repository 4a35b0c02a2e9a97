#!/usr/bin/env bash
# Installs the Debian packages OilCatalogue builds and runs with, when any is missing:
#   libxml2-dev + pkg-config  (the CLibXML2 system-library target; SwiftPM asks pkg-config for libxml-2.0)
#   libsqlite3-dev            (GRDB)
#   libxml2-utils             (xmllint, the baseline of the import benchmark)
# With --with-browser (CI), also what the web app's browser test drives:
#   chromium + chromium-driver + fonts-dejavu-core (headless Chromium through WebDriver)
set -euo pipefail

packages=(libxml2-dev pkg-config libsqlite3-dev libxml2-utils)
[ "${1:-}" = "--with-browser" ] && packages+=(chromium chromium-driver fonts-dejavu-core)
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
DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
