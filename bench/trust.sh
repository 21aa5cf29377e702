#!/usr/bin/env bash
# Trust survey analysis benchmark: 100 000 responses × 16 items.
#   in-process (target < 200 ms) and the whole `trellis trust analyze` CLI run on the same data as CSV
#   (target < 2 s). Release build; prints the figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRATCH="${BENCH_SCRATCH:-.build}"
swift build -c release --scratch-path "$SCRATCH" --product trellis-bench
swift build -c release --scratch-path "$SCRATCH" --product trellis
BIN="$SCRATCH/release"
CSV="$(mktemp -d)/trust-bench.csv"
"$BIN/trellis-bench" "$CSV"
echo "== whole CLI run: trellis trust analyze (100 000 responses, $(wc -l < "$CSV") lines)"
best=""
for run in 1 2 3; do
    start=$(date +%s.%N)
    "$BIN/trellis" trust analyze "$CSV" --scale 7 --min-n 4 --json > /dev/null
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc -l)
    printf '  run %d: %.3f s\n' "$run" "$secs"
    if [[ -z "$best" ]] || (( $(echo "$secs < $best" | bc -l) )); then best=$secs; fi
done
printf 'CLI best of 3: %.3f s (target < 2 s)\n' "$best"
rm -f "$CSV"
