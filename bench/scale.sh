#!/usr/bin/env bash
# The scaling check: the demo district and one SCALE times larger (`trellis demo --scale`: 230 leaders,
# 40 communities, their meetings, boards, stories and trust rounds at 10), the same people's pages one
# request at a time in each, and how each page's server time grew beside how much more it shows (its
# size). A page misses when it takes over 25 ms in the large district or its time grows more than 1.25×
# as fast as its size.
#
#   bench/scale.sh            swift build -c release, then measure
#   TRELLIS_BINARY=path bench/scale.sh
#   bench/scale.sh --check    exit 3 if a page misses (default: report only)
#
# Env: SCALE (default 10), SCALE_PEOPLE (people signed in per district, default 30), BENCH_SERIAL_ROUNDS (3).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done
SCALE="${SCALE:-10}"
ROUNDS="${BENCH_SERIAL_ROUNDS:-3}"
PASSWORD="bench-demo-password"

# shellcheck source=bench/wrk.sh
source "$ROOT/bench/wrk.sh"
BIN="$(release_binary)"

TMP="$(mktemp -d -t trellis-scale-XXXXXX)"
PID=""
cleanup() {
    if [[ -n $PID ]]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

# measure TIMES — seeds a fresh district TIMES the demo and writes $TMP/xTIMES/serial.json
measure() {
    local times="$1" dir="$TMP/x$1"
    mkdir -p "$dir"
    local url="sqlite://$dir/trellis.sqlite"
    log "seeding the demo district at scale $times"
    local t; t=$(date +%s)
    TRELLIS_DATABASE_URL="$url" TRELLIS_DEMO_PASSWORD="$PASSWORD" "$BIN" demo --scale "$times" >"$dir/demo.txt"
    log "seeded in $(($(date +%s) - t))s: $(sqlite3 "$dir/trellis.sqlite" 'SELECT COUNT(*) FROM users' 2>/dev/null \
        || echo '?') people"
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    TRELLIS_DATABASE_URL="$url" "$BIN" serve --hostname 127.0.0.1 --port "$port" </dev/null >"$dir/server.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 300); do
        [[ $(curl -s -m 2 "http://127.0.0.1:$port/healthz" || true) == ok ]] && break
        kill -0 "$PID" 2>/dev/null || { tail -n 20 "$dir/server.log" >&2; die "server exited"; }
        sleep 0.2
    done
    MIXED_PEOPLE="${SCALE_PEOPLE:-30}" python3 "$ROOT/bench/mixed.py" discover "http://127.0.0.1:$port" "$PASSWORD" "$dir" >&2
    python3 "$ROOT/bench/mixed.py" serial "$dir" "$ROUNDS" "http://127.0.0.1:$port" >&2
    kill -TERM "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=""
}

measure 1
measure "$SCALE"
echo
echo "Server time by page, one request at a time (median of the Server-Timing header), demo vs ${SCALE}×:"
status=0
python3 "$ROOT/bench/mixed.py" compare "$TMP/x1" "$TMP/x$SCALE" || status=$?
[[ $status -eq 0 || $status -eq 3 ]] || exit "$status"
if [[ $status -eq 3 ]]; then
    echo "A page missed its target."
    [[ $CHECK -eq 1 ]] && exit 3
fi
exit 0
