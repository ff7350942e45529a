#!/usr/bin/env bash
# The user's path against the benchmark: `fnet train` on the same workload as `fnet bench` (same data, network,
# initialisation, rule and batches), with 10× the workload's epochs so start-up jitter does not swamp the ratio.
# Start-up (the same command with one epoch) is subtracted, best of 3 each; bench's train_seconds is per its own budget,
# so the ratio compares time per epoch. Not a test: timings on a shared machine; the load average is printed.
# Usage: benchmarks/users-path/measure.sh [path/to/fnet] [data folder with moons_1000.csv]
set -euo pipefail
FNET=${1:-src/FunctionalNet.Cli/bin/Release/net10.0/fnet}
DATA=${2:-/work/shared/data}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

best_wall() { # best of 3 wall-clock seconds of a command
  local best=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N)
    best=$(python3 -c "b='$best'; t=$e-$s; print(t if b=='' else min(float(b), t))")
  done
  echo "$best"
}

best_bench() { # best of 3 of bench's train_seconds for one workload
  local best=""
  for _ in 1 2 3; do
    local t
    t=$("$FNET" bench --workload "$1" --json --threads 2 --data "$DATA" | python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['train_seconds'])")
    best=$(python3 -c "b='$best'; t=$t; print(t if b=='' else min(float(b), t))")
  done
  echo "$best"
}

# name, bench budget in epochs, fnet train arguments (without --epochs)
run() {
  local name=$1 epochs=$2; shift 2
  local bench one full
  bench=$(best_bench "$name")
  one=$(best_wall "$FNET" train "$@" --epochs 1 --quiet --out "$OUT/m")
  full=$(best_wall "$FNET" train "$@" --epochs $((10 * epochs)) --quiet --out "$OUT/m")
  python3 -c "
bench=$bench; one=$one; full=$full
train=(full-one)/10
print(f'$name: fnet train {train:.3f} s per bench budget ({full:.2f} s for 10x epochs, start-up {one:.2f} s), fnet bench {bench:.3f} s, ratio {train/bench:.2f}')"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
MOONS="$DATA/moons_1000.csv"
run moons-gd 5000 --data "$MOONS" --label label --test-data "$MOONS" --layers 5,5 --activation sigmoid --output sigmoid --loss bce \
  --lambda 0 --optimizer gd --lr 0.5 --scale none --init epsilon --patience 0
run digits-adam 200 --data digits --layers 100 --activation relu --output softmax --lambda 1e-4 --optimizer adam --lr 0.001 \
  --batch-size 200 --dtype float32 --scale none --init epsilon --patience 0
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
