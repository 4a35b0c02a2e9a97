#!/usr/bin/env bash
# The web app's benchmark: wrk on loopback against the safe-oils endpoint, on the dataset of the suitability
# benchmark (100,000 products; 10,000 clients with 5 patch tests each). Release build; prints the figures.
#
#   bash scripts/bench-server.sh [--products N] [--clients N] [--seconds S] [--connections C]
#
# Two loads: one client asked again and again (what a therapist's tablet does while filtering: the list is
# computed once and reused until the data changes), and a different random client on every request (nothing
# reused: every request evaluates the whole catalogue for its client).
set -euo pipefail
cd "$(dirname "$0")/.."

products=100000 clients=10000 seconds=15 connections=32
while [ $# -gt 0 ]; do
  case "$1" in
    --products) products=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

bash scripts/install-system-packages.sh
if ! command -v wrk >/dev/null; then
  echo "Installing wrk"; apt-get install -y --no-install-recommends wrk >/dev/null
fi
bash scripts/build-release.sh oilcat oilcat-bench >/dev/null
oilcat=.build/release/oilcat
work=${OILCAT_BENCH_WORK:-${TMPDIR:-/tmp}/oilcat-bench}
mkdir -p "$work"
db=$work/suitability-$products.sqlite

echo "== The dataset (and the command-line figures of the suitability benchmark)"
.build/release/oilcat-bench --suitability --products "$products" --clients "$clients" --work "$work"

"$oilcat" user add --name bench --role therapist --password-stdin --db "$db" <<<"bench-password-$RANDOM" >/dev/null
token=$("$oilcat" user token --name bench --db "$db")
port=$((20000 + RANDOM % 20000))
"$oilcat" serve --port "$port" --db "$db" --log-level warning >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

client=$((clients / 2))
url="http://127.0.0.1:$port/api/v1/clients/$client/safe-oils"
first=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$url")
echo
echo "== The first request for client $client (computes the list): ${first} s"
bytes=$(curl -s -H "Authorization: Bearer $token" "$url" | wc -c)
echo "   response: $bytes bytes (a page of 50 products with reasons)"

summary() {  # wrk's output → requests/s and the 99th percentile
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$1")
  p99=$(awk '$1 == "99%" {print $2}' "$1")
  printf '   %s requests/s, p99 %s (target: >= 2000 requests/s, p99 < 50 ms)\n' "$rps" "$p99"
}

echo
echo "== wrk -t2 -c$connections -d${seconds}s, the same client"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$url" >"$work/wrk-same.txt"
sed -n '1,12p' "$work/wrk-same.txt" | sed 's/^/   /'
summary "$work/wrk-same.txt"

cat >"$work/random-client.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/clients/" .. math.random(1, $clients) .. "/safe-oils", { ["Authorization"] = "Bearer $token" })
end
LUA
echo
echo "== wrk -t2 -c$connections -d${seconds}s, a random client each request"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/random-client.lua" "http://127.0.0.1:$port" >"$work/wrk-random.txt"
sed -n '1,12p' "$work/wrk-random.txt" | sed 's/^/   /'
summary "$work/wrk-random.txt"
errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk-same.txt" "$work/wrk-random.txt" || true)
[ -z "$errors" ] || { echo "errors: $errors"; exit 1; }
