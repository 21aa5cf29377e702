#!/usr/bin/env bash
# shellcheck disable=SC2154  # RPS_/P99_/NON2XX_/ERR_ are set by run_wrk's printf -v
# The mixed run (bench/mixed.py: every demo person with their own session, the pages each can reach) against
# two Trellis instances on one PostgreSQL database, wrk's two threads each on one instance (the benchmark's
# own round-robin; nothing in front), beside the same run against one instance on SQLite, in one run.
# Loopback only. Prints req/s, p50/p99, non-2xx, and per instance the requests served, peak RSS and the
# time statements waited for a pooled connection (from /metrics).
#
#   bench/instances.sh                        swift build -c release, then measure
#   TRELLIS_BINARY=path bench/instances.sh    measure that binary, no build
#
# Env: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (64), BENCH_THREADS (2: one per PostgreSQL instance),
#      BENCH_POSTGRES_URL (default: a fresh database trellis_bench on the local PostgreSQL 15, set up as the
#      tests do), BENCH_KEEP=1 keeps the temp dir with the logs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

DURATION="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PASSWORD="bench-demo-password"
METRICS_TOKEN="bench-metrics-token"

# shellcheck source=bench/wrk.sh
source "$ROOT/bench/wrk.sh"
BIN="$(release_binary)"
command -v wrk >/dev/null || { source "$ROOT/scripts/lib/setup.sh"; setup_packages wrk; }

if [[ -z ${BENCH_POSTGRES_URL:-} ]]; then
    # shellcheck source=scripts/lib/setup.sh
    source "$ROOT/scripts/lib/setup.sh"
    setup_postgres >&2
    as_postgres psql -qc "DROP DATABASE IF EXISTS trellis_bench" >&2
    as_postgres psql -qc "CREATE DATABASE trellis_bench OWNER trellis" >&2
    BENCH_POSTGRES_URL="postgres://trellis:trellis@127.0.0.1:5432/trellis_bench"
fi

TMP="$(mktemp -d -t trellis-instances-XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start NAME DATABASE_URL [--demo] — starts an instance, waits for /readyz; sets PORT_<NAME>, PID_<NAME>
start() {
    local name="$1" url="$2" port
    port="$(free_port)"
    log "starting $name on port $port"
    env TRELLIS_DATABASE_URL="$url" TRELLIS_DEMO_PASSWORD="$PASSWORD" TRELLIS_METRICS_TOKEN="$METRICS_TOKEN" \
        "$BIN" serve --hostname 127.0.0.1 --port "$port" "${@:3}" </dev/null >"$TMP/$name.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    for _ in $(seq 1 600); do
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$TMP/$name.log" >&2; die "$name exited at start"; }
        [[ $(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$port/readyz" || true) == 200 ]] && break
        sleep 0.2
    done
    [[ $(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$port/readyz") == 200 ]] \
        || die "$name is not ready after 120 s"
    printf -v "PORT_$name" '%s' "$port"
    printf -v "PID_$name" '%s' "$pid"
}

stop() {
    local pid="$1"
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

peak_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
log_size() { stat -c %s "$1"; }
# served LOG FROM_BYTE — requests the instance logged (with their server time) after FROM_BYTE
served() { tail -c +"$(($2 + 1))" "$1" | grep -c ' ms=' || true; }
# pool_wait PORT — "N statements, mean X ms" from the instance's /metrics
pool_wait() {
    curl -s -m 5 -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$1/metrics" | awk '
        /^trellis_database_pool_wait_seconds_count/ { n = $2 }
        /^trellis_database_pool_wait_seconds_sum/ { s = $2 }
        END { if (n > 0) printf "%d statements, mean %.3f ms", n, s * 1000 / n; else print "none recorded" }'
}
p50() { awk '$1 == "50%" { print $2 }' "$TMP/wrk-$1.txt"; }

# ------------------------------------------------------------------ one instance on SQLite
start sqlite "sqlite://$TMP/trellis.sqlite" --demo
BASE="http://127.0.0.1:$PORT_sqlite"
log "signing in every demo person (SQLite instance)"
python3 "$ROOT/bench/mixed.py" discover "$BASE" "$PASSWORD" "$TMP/mixed-sqlite" >&2
FROM_sqlite="$(log_size "$TMP/sqlite.log")"
WRK_SCRIPT="$TMP/mixed-sqlite/mixed.lua" run_wrk sqlite /
SERVED_sqlite="$(served "$TMP/sqlite.log" "$FROM_sqlite")"
PEAK_sqlite="$(peak_mb "$PID_sqlite")"
stop "$PID_sqlite"

# ------------------------------------------------------------------ two instances on PostgreSQL
start a "$BENCH_POSTGRES_URL" --demo
start b "$BENCH_POSTGRES_URL"
BASE="http://127.0.0.1:$PORT_a"
log "signing in every demo person (PostgreSQL; sessions are valid on both instances)"
MIXED_PORTS="$PORT_a,$PORT_b" python3 "$ROOT/bench/mixed.py" discover "$BASE" "$PASSWORD" "$TMP/mixed-pg" >&2
FROM_a="$(log_size "$TMP/a.log")"
FROM_b="$(log_size "$TMP/b.log")"
WRK_SCRIPT="$TMP/mixed-pg/mixed.lua" run_wrk postgres /
SERVED_a="$(served "$TMP/a.log" "$FROM_a")"
SERVED_b="$(served "$TMP/b.log" "$FROM_b")"
PEAK_a="$(peak_mb "$PID_a")"
PEAK_b="$(peak_mb "$PID_b")"
WAIT_a="$(pool_wait "$PORT_a")"
WAIT_b="$(pool_wait "$PORT_b")"

# ------------------------------------------------------------------ report
seconds="${DURATION%s}"
printf '\nTrellis on several instances: %s, wrk -t%s -c%s -d%s --latency (mixed run), %s cores, loopback\n' \
    "$BIN" "$THREADS" "$CONNS" "$DURATION" "$(nproc)"
printf '%-34s %9s %9s %9s   %s\n' run req/s "p50 ms" "p99 ms" errors
printf '%-34s %9s %9s %9s   %s\n' "one instance, SQLite" "$RPS_sqlite" "$(to_ms "$(p50 sqlite)")" "$P99_sqlite" \
    "$ERR_sqlite"
printf '%-34s %9s %9s %9s   %s\n' "two instances, one PostgreSQL" "$RPS_postgres" "$(to_ms "$(p50 postgres)")" \
    "$P99_postgres" "$ERR_postgres"
printf '\n%-14s %10s %12s %10s   %s\n' instance requests "≈ req/s" "peak MB" "waits for a pooled connection"
printf '%-14s %10s %12s %10s   %s\n' "SQLite" "$SERVED_sqlite" "$((SERVED_sqlite / seconds))" "$PEAK_sqlite" "(no pool metric)"
printf '%-14s %10s %12s %10s   %s\n' "PostgreSQL A" "$SERVED_a" "$((SERVED_a / seconds))" "$PEAK_a" "$WAIT_a"
printf '%-14s %10s %12s %10s   %s\n' "PostgreSQL B" "$SERVED_b" "$((SERVED_b / seconds))" "$PEAK_b" "$WAIT_b"
printf '\nThe PostgreSQL server runs on the same 2 cores as both instances and wrk.\n'
