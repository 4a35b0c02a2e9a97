#!/usr/bin/env bash
# Quick start: installs what a fresh Debian machine lacks, builds `oilcat` (release), creates the embedded
# database at its default location, and walks through the reference catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-packages.sh
swift build -c release --product oilcat
oilcat=.build/release/oilcat

step() { printf '\n\033[1m$ oilcat %s\033[0m\n' "$*"; "$oilcat" "$@"; }

step db migrate
step catalogue ingredients --property hydrating
step catalogue ingredients --property anti-inflammatory
step catalogue resolve "Aqua, Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil, Linalool*, Limonene*, Parfum, Unobtainium Extract"
step catalogue show "German chamomile"
step db info

printf '\nThe database is at the path above; every command takes --db PATH (or OILCAT_DB) to use another.\n'
printf 'Try: %s --help\n' "$oilcat"
