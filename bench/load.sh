#!/usr/bin/env bash
# shellcheck disable=SC2317,SC2154  # trap handler; RPS_/P99_/ERR_ are set by printf -v
# Load benchmark on a release build, loopback only: /healthz, one leader's home page, and the mixed
# run (every demo person with their own session, the pages each can reach, cycled) against bare Vapor
# (bench/floor, the framework's ceiling); server time by page one request at a time; the server's memory.
#
#   bench/load.sh              swift build -c release (Trellis and bench/floor), then measure
#   TRELLIS_BINARY=path FLOOR_BINARY=path bench/load.sh   measure those binaries, no build
#   bench/load.sh --check      exit 3 if a target is missed (default: report only)
#
# Env: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
#      BENCH_SERIAL_ROUNDS (3), BENCH_JSON=file to also write the numbers as JSON.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -h | --help) sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

DURATION="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
PASSWORD="bench-demo-password"
USER_EMAIL="leader@bayview.example"
# targets
MIN_HOME_PCT=20   # home req/s >= 20 % of /healthz req/s
MAX_P99_MS=20     # p99 of each endpoint <= 20 ms
MAX_RSS_MB=150    # peak resident memory < 150 MB
MIN_MIXED_PCT=25  # the mixed run's req/s >= 25 % of bare Vapor's
MAX_MIXED_P99=25  # p99 of the mixed run <= 25 ms
MAX_PAGE_MS=5     # each page's median server time, one request at a time <= 5 ms
MAX_FORMATION_MS=15
SERIAL_ROUNDS="${BENCH_SERIAL_ROUNDS:-3}"

# shellcheck source=bench/wrk.sh
source "$ROOT/bench/wrk.sh"

# ------------------------------------------------------------------ build, tools
BIN="$(release_binary)"
if [[ -n ${FLOOR_BINARY:-} ]]; then
    FLOOR="$FLOOR_BINARY"
else
    log "swift build -c release (bench/floor: bare Vapor)"
    t=$(date +%s)
    swift build -c release --package-path bench/floor
    log "floor release build took $(($(date +%s) - t))s"
    FLOOR="$ROOT/bench/floor/.build/release/vapor-floor"
fi
[[ -x $FLOOR ]] || die "no bare Vapor binary at $FLOOR"

if ! command -v wrk >/dev/null; then
    log "installing wrk"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk </dev/null
fi
command -v curl >/dev/null || die "curl is needed"

# ------------------------------------------------------------------ server
TMP="$(mktemp -d -t trellis-bench-XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
LOG="$TMP/server.log"
PID=""
FLOOR_PID=""

cleanup() {
    if [[ -n $FLOOR_PID ]]; then kill -TERM "$FLOOR_PID" 2>/dev/null || true; wait "$FLOOR_PID" 2>/dev/null || true; fi
    if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then
        kill -TERM "$PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID" 2>/dev/null || true; fi
        wait "$PID" 2>/dev/null || true
    fi
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

log "starting $BIN on $BASE (log: $LOG)"
(
    cd "$TMP"
    exec env TRELLIS_DATABASE_URL="sqlite://$TMP/trellis.sqlite" TRELLIS_DEMO_PASSWORD="$PASSWORD" \
        "$BIN" serve --hostname 127.0.0.1 --port "$PORT" --demo </dev/null >"$LOG" 2>&1
) &
PID=$!

ready=0
for _ in $(seq 1 300); do   # up to 60 s
    if ! kill -0 "$PID" 2>/dev/null; then
        tail -n 30 "$LOG" >&2 || true
        die "server exited before /healthz answered"
    fi
    if [[ $(curl -s -m 2 "$BASE/healthz" || true) == ok ]]; then ready=1; break; fi
    sleep 0.2
done
[[ $ready -eq 1 ]] || { tail -n 30 "$LOG" >&2; die "server did not answer /healthz within 60 s"; }

# ------------------------------------------------------------------ sign in
JAR="$TMP/cookies.txt"
curl -s -m 10 -c "$JAR" -b "$JAR" -o "$TMP/signin.html" "$BASE/signin"
CSRF="$(grep -o '<input[^>]*>' "$TMP/signin.html" | grep 'name="csrf"' | head -n1 \
    | sed -n 's/.*value="\([^"]*\)".*/\1/p')"
[[ -n $CSRF ]] || die "no hidden input named csrf on GET /signin"
code="$(curl -s -m 10 -c "$JAR" -b "$JAR" -o "$TMP/signin-post.html" -w '%{http_code}' \
    --data-urlencode "email=$USER_EMAIL" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "csrf=$CSRF" "$BASE/signin")"
SESSION="$(awk -F'\t' '$6 == "trellis_session" { v = $7 } END { print v }' "$JAR")"
[[ -n $SESSION ]] || die "POST /signin (HTTP $code) set no trellis_session cookie"
COOKIE="Cookie: trellis_session=$SESSION"
home_code="$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "$COOKIE" "$BASE/")"
[[ $home_code == 200 ]] || die "GET / with the session answered HTTP $home_code, not 200 (sign-in did not stick?)"
log "signed in as $USER_EMAIL (POST /signin: HTTP $code)"

# ------------------------------------------------------------------ load
run_wrk healthz /healthz
run_wrk home / "$COOKIE"

# The mixed run: everyone signed in, each page they reach, server time by page one request at a time.
log "signing in every demo person and finding their pages"
python3 "$ROOT/bench/mixed.py" discover "$BASE" "$PASSWORD" "$TMP/mixed" >&2
SERIAL_FROM="$(stat -c %s "$LOG")"
python3 "$ROOT/bench/mixed.py" serial "$TMP/mixed" "$SERIAL_ROUNDS" "$BASE" >&2
python3 "$ROOT/bench/mixed.py" table "$LOG" "$SERIAL_FROM" >"$TMP/pages.txt"
WRK_SCRIPT="$TMP/mixed/mixed.lua" run_wrk mixed /

# a run that mostly got redirects or errors measures nothing useful
final_home="$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "$COOKIE" "$BASE/")"
[[ $final_home == 200 ]] || die "after the load, GET / with the session answered HTTP $final_home"

kill -0 "$PID" 2>/dev/null || die "the server died during the load"
HWM_KB="$(awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status")"
RSS_KB="$(awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status")"
# Trellis stops before bare Vapor starts, so the two never share the cores.
kill -TERM "$PID" 2>/dev/null || true
wait "$PID" 2>/dev/null || true
PID=""

FLOOR_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$FLOOR" serve --hostname 127.0.0.1 --port "$FLOOR_PORT" </dev/null >"$TMP/floor.log" 2>&1 &
FLOOR_PID=$!
for _ in $(seq 1 100); do
    [[ $(curl -s -m 2 "http://127.0.0.1:$FLOOR_PORT/plaintext" || true) == "Hello, World!" ]] && break
    sleep 0.1
done
WRK_BASE="http://127.0.0.1:$FLOOR_PORT" run_wrk floor /plaintext
kill -TERM "$FLOOR_PID" 2>/dev/null || true
wait "$FLOOR_PID" 2>/dev/null || true
FLOOR_PID=""

# ------------------------------------------------------------------ report
awk_calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
PCT="$(awk_calc "$RPS_home * 100 / $RPS_healthz")"
HWM_MB="$(awk_calc "$HWM_KB / 1024")"
RSS_MB="$(awk_calc "$RSS_KB / 1024")"
MISSED=0
# check VAR EXPR — VAR=ok or MISSED (and MISSED=1) by an awk boolean expression
check() {
    if awk "BEGIN { exit !($2) }"; then printf -v "$1" ok; else printf -v "$1" MISSED; MISSED=1; fi
}
check T_PCT "$PCT >= $MIN_HOME_PCT"
check T_P99H "$P99_healthz <= $MAX_P99_MS"
check T_P99 "$P99_home <= $MAX_P99_MS"
check T_RSS "$HWM_MB < $MAX_RSS_MB"
MIXED_PCT="$(awk_calc "$RPS_mixed * 100 / $RPS_floor")"
check T_MIXED "$MIXED_PCT >= $MIN_MIXED_PCT"
check T_MIXED_P99 "$P99_mixed <= $MAX_MIXED_P99"
check T_MIXED_ERR "$NON2XX_mixed == 0"
SLOWEST="$(awk 'NR > 1 && $1 != "/cohorts/:id/formation" { if ($2 > m) { m = $2; r = $1 } } END { printf "%s %.1f", r, m }' "$TMP/pages.txt")"
FORMATION_MS="$(awk '$1 == "/cohorts/:id/formation" { print $2 }' "$TMP/pages.txt")"
check T_PAGES "${SLOWEST##* } <= $MAX_PAGE_MS"
check T_FORMATION "${FORMATION_MS:-0} <= $MAX_FORMATION_MS"

printf '\nTrellis load benchmark: %s, wrk -t%s -c%s -d%s --latency, %s cores\n' \
    "$BIN" "$THREADS" "$CONNS" "$DURATION" "$(nproc)"
printf '%-20s %12s %10s   %s\n' endpoint req/s "p99 ms" errors
printf '%-20s %12s %10s   %s\n' "GET /healthz" "$RPS_healthz" "$P99_healthz" "$ERR_healthz"
printf '%-20s %12s %10s   %s\n' "GET / (signed in)" "$RPS_home" "$P99_home" "$ERR_home"
printf '%-20s %12s %10s   %s\n' "mixed (everyone)" "$RPS_mixed" "$P99_mixed" "$ERR_mixed"
printf '%-20s %12s %10s   %s\n' "bare Vapor" "$RPS_floor" "$P99_floor" "$ERR_floor"
printf '\nmixed / bare Vapor req/s: %s %%\n' "$MIXED_PCT"
printf '\nserver time by page, one request at a time (%s rounds of every pair; the request log'"'"'s ms=):\n' "$SERIAL_ROUNDS"
cat "$TMP/pages.txt"
printf '\nhome / healthz req/s: %s %%\n' "$PCT"
printf 'server RSS after the runs: %s MB (VmRSS), peak %s MB (VmHWM)\n' "$RSS_MB" "$HWM_MB"
printf '\ntargets:\n'
printf '  %-34s %s\n' "home >= $MIN_HOME_PCT % of healthz req/s" "$T_PCT" \
    "p99 /healthz <= $MAX_P99_MS ms" "$T_P99H" \
    "p99 / <= $MAX_P99_MS ms" "$T_P99" \
    "peak RSS < $MAX_RSS_MB MB" "$T_RSS" \
    "mixed >= $MIN_MIXED_PCT % of bare Vapor req/s" "$T_MIXED" \
    "p99 mixed <= $MAX_MIXED_P99 ms" "$T_MIXED_P99" \
    "mixed: 0 non-2xx/3xx" "$T_MIXED_ERR" \
    "each page median <= $MAX_PAGE_MS ms ($SLOWEST)" "$T_PAGES" \
    "formation median <= $MAX_FORMATION_MS ms (${FORMATION_MS:-none})" "$T_FORMATION"

if [[ -n ${BENCH_JSON:-} ]]; then
    cat >"$BENCH_JSON" <<JSON
{"healthz": {"rps": $RPS_healthz, "p99_ms": $P99_healthz},
 "home": {"rps": $RPS_home, "p99_ms": $P99_home},
 "mixed": {"rps": $RPS_mixed, "p99_ms": $P99_mixed, "non2xx": $NON2XX_mixed},
 "bare_vapor": {"rps": $RPS_floor, "p99_ms": $P99_floor},
 "home_pct_of_healthz": $PCT, "mixed_pct_of_bare_vapor": $MIXED_PCT, "rss_mb": $RSS_MB, "peak_rss_mb": $HWM_MB,
 "wrk": {"threads": $THREADS, "connections": $CONNS, "duration": "$DURATION"},
 "targets_met": $([[ $MISSED -eq 0 ]] && echo true || echo false)}
JSON
    log "wrote $BENCH_JSON"
fi

if [[ $MISSED -eq 1 && $CHECK -eq 1 ]]; then exit 3; fi
exit 0
