#!/usr/bin/env bash
# Library search benchmark (target: p95 < 20 ms on each database). A release server with the demo
# district, a generated library of BENCH_RESOURCES (20 000) imported through the import page, then
# BENCH_QUERIES (400) searches through the API one at a time, each with other words (common, rare,
# two words, a prefix): server time from the Server-Timing header, and client time. SQLite, then
# PostgreSQL (a fresh database on the local cluster, as scripts/test sets it up).
#
#   bench/library.sh                         build release, then both databases
#   TRELLIS_BINARY=path bench/library.sh     measure that binary, no build
#   BENCH_DATABASES="sqlite" bench/library.sh   one database only
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
RESOURCES="${BENCH_RESOURCES:-20000}"
QUERIES="${BENCH_QUERIES:-400}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
PASSWORD="bench-demo-password"

if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
if [[ -n ${TRELLIS_BINARY:-} ]]; then
    BIN="$TRELLIS_BINARY"
else
    swift build -c release --product trellis
    BIN="$ROOT/.build/release/trellis"
fi
WORK="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 bench/library.py generate "$RESOURCES" "$WORK/library.csv"

for database in $DATABASES; do
    if [[ $database == postgres ]]; then
        # shellcheck source=scripts/lib/setup.sh
        source scripts/lib/setup.sh
        setup_postgres >/dev/null
        as_postgres dropdb --if-exists trellis_bench
        as_postgres createdb -O trellis trellis_bench
        export TRELLIS_DATABASE_URL="postgres://trellis:trellis@127.0.0.1:5432/trellis_bench"
    else
        export TRELLIS_DATABASE_URL="sqlite://$WORK/bench.sqlite"
    fi
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    TRELLIS_DEMO_PASSWORD="$PASSWORD" "$BIN" serve --demo --hostname 127.0.0.1 \
        --port "$PORT" > "$WORK/server-$database.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
    TOKEN=$("$BIN" token create --email facilitator@bayview.example | tail -1)
    echo "== $database: $RESOURCES resources, $QUERIES searches"
    python3 bench/library.py run "http://127.0.0.1:$PORT" "$PASSWORD" "$TOKEN" "$WORK/library.csv" "$QUERIES"
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
done
