#!/usr/bin/env bash
# The user's path against the benchmark in CPU seconds (user + sys), for a shared machine where wall time is noise:
# `fnet train` with 10x the workload's budget and with one epoch (start-up), `fnet bench` with its budget and with
# --quick (a tenth of it), so train per bench budget = (10x - one) / 10 and bench per budget = (full - quick) / 0.9.
# Bench's own estimate is a difference of two short processes and swings under load, so the same train command with
# --history-every set to its epochs (only the last epoch recorded: a full-batch epoch then does what a bench epoch does,
# docs/performance.md "The user's path, second pass") is measured too, and `vs last-only` is train over it.
# Each binary given is measured in turn within each round (interleaved), best of the rounds; moons-gd and digits-adam,
# the workloads of measure.sh. CPU time counts every thread (the narrow kernel's helper included), so the ratio is
# not the wall-clock one on an idle machine. Not a test; the load average is printed.
# Usage: benchmarks/users-path/cpu-ratio.sh ROUNDS fnet [fnet …]   (data: $DATA, default /work/shared/data)
set -euo pipefail
ROUNDS=$1; shift
D=${DATA:-/work/shared/data}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
MOONS=(--data "$D/moons_1000.csv" --label label --test-data "$D/moons_1000.csv" --layers 5,5 --activation sigmoid --output sigmoid --loss bce
  --lambda 0 --optimizer gd --lr 0.5 --scale none --init epsilon --patience 0 --quiet)
DIGITS=(--data digits --layers 100 --activation relu --output softmax --lambda 1e-4 --optimizer adam --lr 0.001
  --batch-size 200 --dtype float32 --scale none --init epsilon --patience 0 --quiet)
cpu() { { /usr/bin/time -f '%U %S' "$@" > /dev/null; } 2>&1 | tail -1 | awk '{print $1 + $2}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  for i in $(seq 0 $(($# - 1))); do
    f=${@:$((i + 1)):1}
    for w in moons-gd digits-adam; do
      if [ $w = moons-gd ]; then args=("${MOONS[@]}"); epochs=50000; else args=("${DIGITS[@]}"); epochs=2000; fi
      one=$(cpu "$f" train "${args[@]}" --epochs 1 --out "$OUT/m$i")
      full=$(cpu "$f" train "${args[@]}" --epochs $epochs --out "$OUT/m$i")
      last=$(cpu "$f" train "${args[@]}" --epochs $epochs --history-every $epochs --out "$OUT/m$i")
      b=$(cpu "$f" bench --workload $w --json --threads 2 --data "$D")
      q=$(cpu "$f" bench --workload $w --json --threads 2 --data "$D" --quick)
      line=$(python3 -c "t=($full - $one) / 10; l=($last - $one) / 10; b=($b - $q) / 0.9; print(f'{t:.3f} {l:.3f} {b:.3f} {t / b:.2f} {t / l:.2f}')")
      read -r t l bb ratio vs <<< "$line"
      echo "round $r $w [$f]: train $t CPU s per bench budget (10x $full, one $one), last-only $l, bench $bb (full $b, quick $q): ratio $ratio, vs last-only $vs"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
