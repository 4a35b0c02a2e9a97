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
samples=Catalogue/suppliers
add() { "$oilcat" supplier list --json | grep -q "\"id\" : \"$1\"" || step supplier add "$@"; }
add naturalis --format google-merchant --source "$samples/google-merchant/feed.xml" --name "Naturalis"
add berger --format bmecat --source "$samples/bmecat/catalog-2005.xml" --name "Kräuterhaus Berger"
add olea --format bmecat --source "$samples/bmecat/catalog-1.2.xml" --name "Olea Pro"
add bloom --format shopify --source "$samples/shopify/products.json" --currency GBP --name "Bloom & Balm"
add verde --format schema-org --source "$samples/schema-org/product-page.html" --name "Verde Botanicals"
add aroma --format ndjson --source "$samples/ndjson/feed.ndjson" --name "Aroma Pro"
add herbwell --format xml --mapping "$samples/mapped-xml/mapping.yaml" --source "$samples/mapped-xml/feed.xml" --name "Herbwell"
add oleum --format json --mapping "$samples/mapped-json/mapping.yaml" --source "$samples/mapped-json/feed.json" --name "Oleum Trade"
for supplier in naturalis berger olea bloom verde aroma herbwell oleum; do step import --supplier "$supplier"; done
step import "$samples/schema-org/catalog.jsonld" --supplier verde
step import "$samples/bmecat/update-products-2005.xml" --supplier berger
step supplier list
step products search --property anti-inflammatory
step products show naturalis:NAT-CALM-100
step db info

printf '\nThe database is at the path above; every command takes --db PATH (or OILCAT_DB) to use another.\n'
printf 'Try: %s --help\n' "$oilcat"
