# shellcheck shell=bash
# shellcheck disable=SC2154  # TMP, THREADS, CONNS, DURATION, BASE are the caller's
# Sourced by the benchmarks (bench/load.sh, bench/scale.sh, bench/instances.sh): logging, the server binary
# to measure, and one wrk run with its figures parsed into variables.

log() { printf '==> %s\n' "$*" >&2; }
die() { printf '!!! %s\n' "$*" >&2; exit 1; }

if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

# release_binary — prints TRELLIS_BINARY, or builds .build/release/trellis (the build's output to stderr)
release_binary() {
    local bin="${TRELLIS_BINARY:-}"
    if [[ -z $bin ]]; then
        log "swift build -c release"
        local t
        t=$(date +%s)
        swift build -c release --product trellis >&2
        log "release build took $(($(date +%s) - t))s"
        bin="$ROOT/.build/release/trellis"
    fi
    [[ -x $bin ]] || die "no server binary at $bin"
    printf '%s\n' "$bin"
}

# to_ms VALUE — wrk prints latencies as 812.00us, 1.23ms, 1.02s or 1.50m
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

# run_wrk NAME PATH [HEADER] — sets RPS_<NAME>, P99_<NAME>, ERR_<NAME>, NON2XX_<NAME>
# (WRK_BASE and WRK_SCRIPT, when set, change the server and add a wrk Lua script)
run_wrk() {
    local name="$1" path="$2" header="${3:-}" out="$TMP/wrk-$1.txt" base="${WRK_BASE:-$BASE}"
    local args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency)
    [[ -n $header ]] && args+=(-H "$header")
    [[ -n ${WRK_SCRIPT:-} ]] && args+=(-s "$WRK_SCRIPT")
    log "wrk ${args[*]/${SESSION:-"(no session)"}/…} $base$path"
    wrk "${args[@]}" "$base$path" >"$out"
    local rps p99 errs non2xx
    rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    p99="$(awk '$1 == "99%" { print $2 }' "$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
    errs="$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$out")"
    [[ -n $rps && -n $p99 ]] || { cat "$out" >&2; die "could not parse wrk output for $path"; }
    printf -v "RPS_$name" '%s' "$rps"
    printf -v "P99_$name" '%s' "$(to_ms "$p99")"
    printf -v "ERR_$name" '%s' "${non2xx:-0} non-2xx/3xx${errs:+; socket errors: $errs}"
    printf -v "NON2XX_$name" '%s' "${non2xx:-0}"
}
