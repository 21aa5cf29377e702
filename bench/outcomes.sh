#!/usr/bin/env bash
# Outcomes analysis benchmark: 200 schools × 3 years × 12 subgroups × 4 measures (28 800 rows).
#   in-process (target < 300 ms) and the whole `trellis outcomes analyze` command on the same CSV
#   (target < 1 s). Release build; prints the figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRATCH="${BENCH_SCRATCH:-.build}"
swift build -c release --scratch-path "$SCRATCH" --product outcomes-bench
swift build -c release --scratch-path "$SCRATCH" --product trellis
BIN="$SCRATCH/release"
DIR="$(mktemp -d)"
"$BIN/outcomes-bench" "$DIR"
echo "== whole command: trellis outcomes analyze ($(($(wc -l < "$DIR/outcomes.csv") - 1)) rows)"
best=""
for run in 1 2 3; do
    start=$(date +%s.%N)
    "$BIN/trellis" outcomes analyze "$DIR/outcomes.csv" --before 2024-25 --after 2025-26 \
        --community-schools "$DIR/community-schools.txt" --json > /dev/null
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc -l)
    printf '  run %d: %.3f s\n' "$run" "$secs"
    if [[ -z "$best" ]] || (( $(echo "$secs < $best" | bc -l) )); then best=$secs; fi
done
printf 'command best of 3: %.3f s (target < 1 s)\n' "$best"
rm -rf "$DIR"
