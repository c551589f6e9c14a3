#!/usr/bin/env bash
# Benchmarks the API on loopback, side by side in one run (this machine varies up to 1.5x
# between runs, so the ratio is the figure to compare):
#   - bare GET /healthz
#   - authenticated, tenant-scoped GET /api/v1/businesses/{b}/contacts?limit=50
# and the idle resident memory of the server. Uses wrk (Debian package) and curl.
set -euo pipefail
BIN=${1:-build/switchboard}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
CONTACTS=${CONTACTS:-500}
DATABASE=${DATABASE:-}

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18181)
args=(serve --port "$port" --data-dir "$dir" --ip-rate-limit 0 --business-rate-limit 0 --access-log false)
[ -n "$DATABASE" ] && args+=(--database "$DATABASE")
"$BIN" "${args[@]}" >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$dir/server.log" && break; sleep 0.1; done
base="http://127.0.0.1:$port"

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
curl -sf -XPOST "$base/api/v1/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.test","password":"bench password 1","name":"Bench"}' >/dev/null
token=$(curl -sf -XPOST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@example.test","password":"bench password 1"}' | json '["token"]')
business=$(curl -sf -XPOST "$base/api/v1/businesses" -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"name":"Bench Co","slug":"bench-co"}' | json '["id"]')
python3 - "$base" "$business" "$token" "$CONTACTS" <<'PY'
import http.client, json, sys, urllib.parse
base, business, token, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
u = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port)
for i in range(1, n + 1):
    body = json.dumps({"phone": "+14152%02d%04d" % (i // 10000 % 100, i % 10000), "name": "Contact %d" % i, "tags": ["bench"]})
    conn.request("POST", "/api/v1/businesses/%s/contacts" % business, body,
                 {"content-type": "application/json", "authorization": "Bearer " + token})
    r = conn.getresponse(); r.read()
    if r.status != 201: sys.exit("seeding failed: %d" % r.status)
PY
count=$(curl -sf "$base/api/v1/businesses/$business/contacts?limit=200" -H "authorization: Bearer $token" | json '["items"].__len__()')
[ "$count" -ge 50 ] || { echo "seeding failed: $count contacts" >&2; exit 1; }
sleep 1
idle_rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

run() {  # name url [header]
  local out
  if [ -n "${3:-}" ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$3" "$2"); else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$2"); fi
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | grep -E "Non-2xx|Socket errors" || true)
  printf '%-28s %10s req/s   p99 %8s  %s\n' "$1" "$rps" "$p99" "$errors" >&2
  echo "$rps"
}

echo "switchboard bench: $CONNECTIONS connections, $DURATION each, $CONTACTS contacts, database ${DATABASE:-sqlite}" >&2
h=$(run "GET /healthz" "$base/healthz")
c=$(run "GET contacts?limit=50" "$base/api/v1/businesses/$business/contacts?limit=50" "Authorization: Bearer $token")
python3 -c "print(f'ratio contacts/healthz: {float($c)/float($h):.2f}')" >&2
echo "idle RSS after seeding: $((idle_rss_kb / 1024)) MiB" >&2
echo "peak RSS: $(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status) MiB" >&2
