#!/usr/bin/env bash
# Webhook ingest, measured side by side in one run on one server (this machine varies up to
# 1.5x between runs, so compare the ratios):
#   1. bare GET /healthz with wrk: the server's ceiling for a trivial request
#   2. signed 1-message deliveries as fast as they are acked: peak events/s
#   3. the same at half that rate: latency p50/p99 and processing lag (ack -> applied)
# BACKEND=sqlite (default) or postgres (a private PostgreSQL cluster in a temp dir).
set -euo pipefail
BIN=${BIN:-build/switchboard}
LOADGEN=${LOADGEN:-build/webhook_bench}
BACKEND=${BACKEND:-sqlite}
SECONDS_EACH=${SECONDS_EACH:-10}
CONNECTIONS=${CONNECTIONS:-32}

dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP_LOG:-}" ]; then cp "$dir/server.log" "$KEEP_LOG" || true; fi
  if [ -f "$dir/pg/postmaster.pid" ]; then as_pg pg_ctl -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
  if [ -n "${KEEP_PG_LOG:-}" ] && [ -f "$dir/pg/log" ]; then cp "$dir/pg/log" "$KEEP_PG_LOG" || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- env PATH="$PATH" "$@"; else "$@"; fi; }

if [ "$BACKEND" = postgres ]; then
  export PATH="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1):$PATH"
  pgport=$(free_port)
  mkdir -p "$dir/pg"; [ "$(id -u)" = 0 ] && chown postgres "$dir" "$dir/pg"
  as_pg initdb -D "$dir/pg" -A trust -U sb >/dev/null
  # PG_STATS=1: pg_stat_statements, and its top statements by time printed at the end.
  pg_opts="-p $pgport -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=200"
  [ -n "${PG_STATS:-}" ] && pg_opts="$pg_opts -c shared_preload_libraries=pg_stat_statements"
  as_pg pg_ctl -D "$dir/pg" -o "$pg_opts ${PG_FLAGS:-}" -l "$dir/pg/log" -w start >/dev/null
  database="postgresql://sb@127.0.0.1:$pgport/postgres"
else
  database="sqlite:$dir/switchboard.db"
fi

port=$(free_port)
"$BIN" serve --port "$port" --data-dir "$dir" --database "$database" --ip-rate-limit 0 --business-rate-limit 0 \
  --access-log false --graph-url "http://127.0.0.1:9/v21.0" ${SERVER_FLAGS:-} >"$dir/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "listening on" "$dir/server.log" && break; sleep 0.1; done
base="http://127.0.0.1:$port"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
curl -sf -XPOST "$base/api/v1/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.test","password":"bench password 1","name":"Bench"}' >/dev/null
token=$(curl -sf -XPOST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@example.test","password":"bench password 1"}' | json '["token"]')
auth="authorization: Bearer $token"
business=$(curl -sf -XPOST "$base/api/v1/businesses" -H 'content-type: application/json' -H "$auth" \
  -d '{"name":"Bench Co","slug":"bench-co"}' | json '["id"]')
curl -sf -XPUT "$base/api/v1/businesses/$business/whatsapp" -H 'content-type: application/json' -H "$auth" \
  -d '{"waba_id":"102290129340398","access_token":"bench-token-0000","app_secret":"bench-app-secret"}' >/dev/null
# The number straight into the database: adding one through the API asks the Graph API,
# which a benchmark on loopback can't reach.
number_sql="INSERT INTO phone_numbers (business_id, id, phone_number_id, display_phone_number, created_at) VALUES
  ('$business', 'BENCHNUMBER0000000000000000', '106540352242922', '+1 555 078 3881', 0);
  INSERT INTO phone_number_routes (phone_number_id, business_id) VALUES ('106540352242922', '$business');"
if [ -n "${PG_STATS:-}" ] && [ "$BACKEND" = postgres ]; then psql -q "$database" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"; fi
if [ "$BACKEND" = postgres ]; then psql -q "$database" -c "$number_sql"; else
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()" "$dir/switchboard.db" "$number_sql"; fi

echo "webhook ingest on $BACKEND: $CONNECTIONS connections, ${SECONDS_EACH}s per step"
healthz=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$base/healthz" | awk '/Requests\/sec/ {print $2}')
echo "healthz ${healthz} req/s"
common=(--port "$port" --business "$business" --secret bench-app-secret --number 106540352242922 --connections "$CONNECTIONS"
        --seconds "$SECONDS_EACH" --database "$database")
# Peak with wrk (the leaner client), 20,000 distinct signed deliveries in rotation.
python3 bench/webhook_wrk.py "$business" bench-app-secret 106540352242922 20000 "$dir/deliveries.lua"
run_started=$(date +%s.%N)
peak_out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s "$dir/deliveries.lua" "$base")
peak=$(echo "$peak_out" | awk '/Requests\/sec/ {printf "%d", $2}')
echo "peak (wrk) ${peak} events/s acked, p99 $(echo "$peak_out" | awk '$1 == "99%" {print $2}') $(echo "$peak_out" | grep -E 'Non-2xx' || true)"
# The backlog the peak left (processing yields to the acks while overloaded) is applied
# before the half-load step, so that step measures steady state, not the catching up.
intake_file="$dir/switchboard-webhooks.db"
pending_sql="SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL"
intake_query() {
  if [ "$BACKEND" = postgres ]; then psql -Atq "$database" -c "$1"; else
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$intake_file" "$1"; fi
}
drain_started=$(date +%s.%N)
for _ in $(seq 1200); do [ "$(intake_query "$pending_sql")" = 0 ] && break; sleep 0.25; done
python3 -c "import time; print('backlog after the peak applied in %.1f s' % (time.time() - $drain_started))"
# Latency and processing lag at half of that, paced by the C++ generator (open loop).
# The server's own CPU time per delivery during that step (user + system, from /proc): the
# figure that varies least on a shared machine.
cpu_ticks() { awk '{print $14 + $15}' /proc/${pids[0]}/stat; }
# Per thread name (comm), for where the server's CPU goes: "name ticks" lines.
thread_ticks() { for t in /proc/${pids[0]}/task/*/stat; do sed -E 's/^[0-9]+ \(([^)]*)\) (.*)$/\1 \2/' "$t" | awk '{print $1, $13 + $14}'; done 2>/dev/null | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}'; }
# PostgreSQL's own processes (the backends doing the statements), when it is the backend.
pg_ticks() { if [ "$BACKEND" = postgres ]; then for p in $(head -1 "$dir/pg/postmaster.pid") $(pgrep -P "$(head -1 "$dir/pg/postmaster.pid")"); do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; else echo 0; fi; }
threads_before=$(thread_ticks)
pg_before=$(pg_ticks)
ticks_before=$(cpu_ticks)
if [ -n "${PERF_OUT:-}" ]; then perf record ${PERF_ARGS:--g} -o "$PERF_OUT" -p "${pids[0]}" -- sleep "$SECONDS_EACH" >/dev/null 2>&1 & fi
if [ -n "${WATCH:-}" ]; then (for i in $(seq 24); do sleep 0.5; echo "pending $(intake_query "$pending_sql") processed $(intake_query "SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NOT NULL")"; done) & fi
# The generator's own CPU (user + system seconds) too: it shares the two cores.
half_out=$( { TIMEFORMAT='loadgen_cpu_s=%U+%S'; time "$LOADGEN" "${common[@]}" --tag half --rate "${HALF_RATE:-$((peak / 2))}"; } 2>&1 )
ticks_after=$(cpu_ticks)
pg_after=$(pg_ticks)
threads_after=$(thread_ticks)
echo "$half_out"
acked=$(echo "$half_out" | sed -n 's/.*acked=\([0-9]*\).*/\1/p' | head -1)
# The backlog left at the end of the half step, and how fast the worker applies it with no
# new load: its capacity, apart from the CPU the acks take.
backlog=$(intake_query "$pending_sql")
drain_started=$(date +%s.%N)
for _ in $(seq 2400); do [ "$(intake_query "$pending_sql")" = 0 ] && break; sleep 0.1; done
python3 -c "import time; t = time.time() - $drain_started; print('backlog after the half step: %d deliveries, applied in %.1f s (%.0f/s)' % ($backlog, t, $backlog / max(t, 0.1)))"
python3 - "$threads_before" "$threads_after" "$acked" "$(getconf CLK_TCK)" <<'PY' 2>/dev/null || true
import sys
def parse(text): return {l.rsplit(' ', 1)[0]: int(l.rsplit(' ', 1)[1]) for l in text.splitlines() if l.strip()}
before, after, acked, hz = parse(sys.argv[1]), parse(sys.argv[2]), max(1, int(sys.argv[3] or 1)), int(sys.argv[4])
print('server cpu per delivery by thread: ' + ', '.join('%s %.0f us' % (k, (after[k] - before.get(k, 0)) * 1e6 / hz / acked)
      for k in sorted(after, key=lambda k: before.get(k, 0) - after[k]) if after[k] > before.get(k, 0)))
PY
# How fast the worker applies, over the whole run (peak and half steps): rows processed / s.
processed=$(intake_query "SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NOT NULL")
python3 -c "import time; print('applied by the worker: %d deliveries, %.0f/s over the run' % ($processed, $processed / (time.time() - $run_started)))"
python3 -c "print('server cpu per delivery (ack + processing): %.0f us' % (($ticks_after - $ticks_before) * 1e6 / $(getconf CLK_TCK) / max(1, $acked)))"
if [ "$BACKEND" = postgres ]; then python3 -c "print('postgresql cpu per delivery (its backends): %.0f us' % (($pg_after - $pg_before) * 1e6 / $(getconf CLK_TCK) / max(1, $acked)))"; fi
loadgen_cpu=$(echo "$half_out" | sed -n 's/^loadgen_cpu_s=\(.*\)$/\1/p')
python3 -c "print('load generator cpu per delivery: %.0f us' % (($loadgen_cpu) * 1e6 / max(1, $acked)))"
python3 -c "print('ratio webhook peak / healthz: %.2f' % ($peak / float('$healthz')))"
echo "server RSS: $(awk '/VmRSS/ {print $2}' /proc/${pids[0]}/status) kB"
if [ -n "${PG_STATS:-}" ] && [ "$BACKEND" = postgres ]; then
  psql -Atq "$database" -c "SELECT round(total_exec_time)::text || ' ms ' || calls || ' calls ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15"
fi
grep -m5 -E "\"level\":\"error\"|failed|error" "$dir/server.log" | cut -c1-300 || true
