#!/usr/bin/env bash
# Quick start: installs what a fresh Debian machine lacks, builds `oilcat` (release), creates the embedded
# database at its default location, imports the sample feeds, walks the three journeys on the command line, then
# starts the web app on it and prints the URL and a first login for each role. Stop the server with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-packages.sh
bash scripts/build-release.sh oilcat
oilcat=.build/release/oilcat

step() { printf '\n\033[1m$ oilcat %s\033[0m\n' "$*"; "$oilcat" "$@"; }

step db migrate
step catalogue ingredients --property hydrating
step catalogue ingredients --property anti-inflammatory
step catalogue resolve "Aqua, Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil, Linalool*, Limonene*, Parfum, Unobtainium Extract"
step catalogue show "German chamomile"
samples=Catalogue/suppliers
suppliers=$("$oilcat" supplier list --json)
# A supplier added by an earlier run (from another checkout, perhaps since moved or removed) is pointed at this
# checkout's samples again.
add() {
  if grep -q "\"id\" : \"$1\"" <<<"$suppliers"; then "$oilcat" supplier update "$@" >/dev/null; else step supplier add "$@"; fi
}
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

# The therapist's journey: a client with psoriasis and sensitive skin, a ++ reaction to a lavender blend, a
# negative jojoba test, and a dermatologist's Compositae-mix result.
days_ago() { date -u -d "-$1 days" +%Y-%m-%dT%H:%M:%SZ; }
demo=$("$oilcat" client list "Ada Byron (demo)" --json)
client=$(sed -n 's/.*"id" : \([0-9]*\).*/\1/p' <<<"$demo" | head -n 1)
[ -n "$client" ] || client=$("$oilcat" client add --name "Ada Byron (demo)" --condition psoriasis --condition sensitive-skin)
# The intake: the medical history asked, nothing to report (until it is on record, no product reads safe).
if "$oilcat" client show "$client" --json | grep -q '"history_on_record" : false'; then
  step client history review --client "$client" --note "asked at intake: nothing to report"
fi
tests=$("$oilcat" patch-test list --client "$client" --json)
if ! grep -q NAT-CALM-100 <<<"$tests"; then
  blend=$("$oilcat" patch-test apply --client "$client" --product naturalis:NAT-CALM-100 --site "inner forearm" --concentration 2% --occluded --at "$(days_ago 4)")
  step patch-test read "$blend" --result ++ --at "$(days_ago 1)" --relevance current
  jojoba=$("$oilcat" patch-test apply --client "$client" --product naturalis:NAT-JOJ-100 --site "inner forearm" --at "$(days_ago 4)")
  step patch-test read "$jojoba" --result negative --at "$(days_ago 1)"
  step client allergy add --client "$client" --allergen "Compositae mix" --source dermatologist
  for product in naturalis:NAT-JOJ-100 naturalis:NAT-LAV-10 naturalis:NAT-COC-250 naturalis:NAT-SUN-500 bloom:44810003; do
    "$oilcat" stock receive --location front-desk --product "$product" --quantity 4 --batch DEMO >/dev/null
  done
fi
step client show "$client"
step safe-oils --client "$client" --property hydrating --location front-desk

# Reception's journey: what on the front-desk shelf suits this client (no clinical detail).
step stock check --client "$client" --location front-desk
step db info

# The web app: one user per role (a new password each run, printed once), then the server.
printf '\n\033[1mFirst logins for the web app\033[0m (new passwords each run of this script)\n'
users=$("$oilcat" user list --json)
for role in admin therapist reception; do
  if grep -q "\"name\" : \"$role\"" <<<"$users"; then
    password=$("$oilcat" user password --name "$role" | sed -n 's/.*New password: //p')
  else
    password=$("$oilcat" user add --name "$role" --role "$role" | sed -n 's/^Password: \([^ ]*\).*/\1/p')
  fi
  printf '  %-10s name: %-10s password: %s\n' "$role" "$role" "$password"
done
printf '\nEvery command takes --db PATH (or OILCAT_DB) to use another database. Try: %s --help\n' "$oilcat"
printf '\n\033[1m$ oilcat serve --port %s\033[0m\n' "${OILCAT_PORT:-8080}"
exec "$oilcat" serve --port "${OILCAT_PORT:-8080}"
