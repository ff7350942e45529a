#!/usr/bin/env bash
# The user's path against the benchmark: `fnet train` on the same workload as `fnet bench` (same data, network,
# initialisation, rule and batches), with 10× the workload's epochs so start-up jitter does not swamp the ratio.
# Start-up (the same command with one epoch) is subtracted, best of 3 each; bench's train_seconds is per its own budget,
# so the ratio compares time per epoch. Not a test: timings on a shared machine; the load average is printed.
# With a second fnet (a build of another commit, e.g. `main` in a second worktree) both are measured interleaved in the
# same minutes (repetition by repetition, A then B), and a short run of each workload by both must leave the same bytes:
# model.safetensors, history.csv without its wall-clock column, and the printed summary.
# Usage: benchmarks/users-path/measure.sh [path/to/fnet] [data folder with moons_1000.csv] [path/to/baseline/fnet]
set -euo pipefail
FNET=${1:-src/FunctionalNet.Cli/bin/Release/net10.0/fnet}
DATA=${2:-/work/shared/data}
BASE=${3:-}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
BINS=("$FNET")
[ -n "$BASE" ] && BINS+=("$BASE")

wall() { # wall-clock seconds of a command
  local s e
  s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N)
  python3 -c "print($e - $s)"
}

bench() { # bench's train_seconds for one workload
  "$1" bench --workload "$2" --json --threads 2 --data "$DATA" | python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['train_seconds'])"
}

min() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:] if x))" "$@"; }

# name, bench budget in epochs, fnet train arguments (without --epochs); best of 3 for each binary, interleaved
run() {
  local name=$1 epochs=$2; shift 2
  declare -A b o f
  for _ in 1 2 3; do
    for i in "${!BINS[@]}"; do
      local x=${BINS[$i]}
      b[$i]="${b[$i]:-} $(bench "$x" "$name")"
      o[$i]="${o[$i]:-} $(wall "$x" train "$@" --epochs 1 --quiet --out "$OUT/m$i")"
      f[$i]="${f[$i]:-} $(wall "$x" train "$@" --epochs $((10 * epochs)) --quiet --out "$OUT/m$i")"
    done
  done
  for i in "${!BINS[@]}"; do
    local label=""; [ -n "$BASE" ] && label=$([ "$i" = 0 ] && echo " [A ${BINS[$i]}]" || echo " [B ${BINS[$i]}]")
    python3 -c "
bench=$(min ${b[$i]}); one=$(min ${o[$i]}); full=$(min ${f[$i]})
train=(full-one)/10
print(f'$name$label: fnet train {train:.3f} s per bench budget ({full:.2f} s for 10x epochs, start-up {one:.2f} s), fnet bench {bench:.3f} s, ratio {train/bench:.2f}')"
  done
}

# A short run of each binary into its own directory: the same weights, history (wall-clock aside) and summary.
same() {
  local name=$1 epochs=$2; shift 2
  for i in 0 1; do
    "${BINS[$i]}" train "$@" --epochs "$epochs" --quiet --out "$OUT/s$i" | sed "s#$OUT/s$i#OUT#g" > "$OUT/s$i.txt"
    cut -d, -f1-5 "$OUT/s$i/history.csv" > "$OUT/s$i.history"
  done
  cmp -s "$OUT/s0/model.safetensors" "$OUT/s1/model.safetensors" && cmp -s "$OUT/s0.history" "$OUT/s1.history" && cmp -s "$OUT/s0.txt" "$OUT/s1.txt" \
    && echo "$name: A and B wrote the same model.safetensors, history.csv ($(($(wc -l < "$OUT/s0.history") - 1)) epochs, seconds aside) and summary" \
    || { echo "$name: A and B DIFFER"; exit 1; }
}

MOONS="$DATA/moons_1000.csv"
MOONS_ARGS=(--data "$MOONS" --label label --test-data "$MOONS" --layers 5,5 --activation sigmoid --output sigmoid --loss bce
  --lambda 0 --optimizer gd --lr 0.5 --scale none --init epsilon --patience 0)
DIGITS_ARGS=(--data digits --layers 100 --activation relu --output softmax --lambda 1e-4 --optimizer adam --lr 0.001
  --batch-size 200 --dtype float32 --scale none --init epsilon --patience 0)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$BASE" ]; then
  same moons-gd 2000 "${MOONS_ARGS[@]}"
  same digits-adam 20 "${DIGITS_ARGS[@]}"
fi
run moons-gd 5000 "${MOONS_ARGS[@]}"
run digits-adam 200 "${DIGITS_ARGS[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
