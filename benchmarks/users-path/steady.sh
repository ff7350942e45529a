#!/usr/bin/env bash
# The user's path against the benchmark, measured so that two runs on a shared machine agree: ROUNDS interleaved rounds
# (each binary in turn, each workload in turn, bench and train of a workload within seconds of each other), one ratio
# per round from that round's own numbers, and the median of the rounds' ratios (with their spread) reported in three ways:
#   wall    measure.sh's: (wall of `fnet train` at 10x the bench budget − wall at one epoch) / 10 over bench's train_seconds
#   steady  in-process wall: history.csv's seconds column of the 10x run, epochs budget..10x budget, / 9 over train_seconds
#           (no start-up subtracted, tiering done as in bench's warmed-up run: the per-epoch cost itself)
#   cpu     process CPU seconds (user + sys, every thread): (10x − one epoch) / 10 over bench's train_cpu_seconds
#           (CPU over its timed run, in-process): insensitive to descheduling, so the one to read on a loaded machine
# THREADS=1 runs both with one thread (DOTNET_PROCESSOR_COUNT=1 and --threads 1): no helper spinning while the other
# core is taken, so the CPU ratio is the shell's extra work alone. Not a test; load averages are printed.
# Usage: benchmarks/users-path/steady.sh ROUNDS fnet [fnet …]
#   env: DATA (default /work/shared/data), THREADS (default 2), WORKLOADS (default "moons-gd digits-adam"),
#        RAW (a file to keep every round's raw numbers in)
set -euo pipefail
ROUNDS=$1; shift
D=${DATA:-/work/shared/data}
THREADS=${THREADS:-2}
WORKLOADS=${WORKLOADS:-moons-gd digits-adam}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
[ "$THREADS" = 1 ] && export DOTNET_PROCESSOR_COUNT=1
MOONS=(--data "$D/moons_1000.csv" --label label --test-data "$D/moons_1000.csv" --layers 5,5 --activation sigmoid --output sigmoid --loss bce
  --lambda 0 --optimizer gd --lr 0.5 --scale none --init epsilon --patience 0 --quiet)
DIGITS=(--data digits --layers 100 --activation relu --output softmax --lambda 1e-4 --optimizer adam --lr 0.001
  --batch-size 200 --dtype float32 --scale none --init epsilon --patience 0 --quiet)

timed() { # "wall cpu" of a command, its output discarded
  /usr/bin/time -f '%e %U %S' -o "$OUT/time" "$@" > /dev/null
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$OUT/time"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); threads $THREADS; $ROUNDS rounds"
: > "$OUT/rows"
for r in $(seq "$ROUNDS"); do
  for i in $(seq 0 $(($# - 1))); do
    f=${@:$((i + 1)):1}
    for w in $WORKLOADS; do
      case $w in
        moons-gd) args=("${MOONS[@]}"); epochs=5000 ;;
        digits-adam) args=("${DIGITS[@]}"); epochs=200 ;;
        *) echo "unknown workload $w" >&2; exit 2 ;;
      esac
      bench=$("$f" bench --workload "$w" --json --threads "$THREADS" --data "$D" \
        | python3 -c "import json,sys; j=json.loads(sys.stdin.readline()); print(j['train_seconds'], j['train_cpu_seconds'])")
      one=$(timed "$f" train "${args[@]}" --epochs 1 --out "$OUT/m")
      full=$(timed "$f" train "${args[@]}" --epochs $((10 * epochs)) --out "$OUT/m")
      steady=$(python3 -c "import csv; s=[float(x['seconds']) for x in csv.DictReader(open('$OUT/m/history.csv'))]; print(s[-1] - s[$epochs - 1])")
      echo "$i $w $r $bench $one $full $steady $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/rows"
    done
  done
done
[ -n "${RAW:-}" ] && { echo "# binary workload round bench_wall bench_cpu one_wall one_cpu full_wall full_cpu steady load" > "$RAW"; cat "$OUT/rows" >> "$RAW"; }
python3 - "$OUT/rows" "$@" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
bins = sys.argv[2:]
for i, f in enumerate(bins):
    for w in dict.fromkeys(r[1] for r in rows):
        ratios = {"wall": [], "steady": [], "cpu": []}
        for r in rows:
            if int(r[0]) != i or r[1] != w: continue
            bw, bc, ow, oc, fw, fc, st = map(float, r[3:10])
            ratios["wall"].append((fw - ow) / 10 / bw)
            ratios["steady"].append(st / 9 / bw)
            ratios["cpu"].append((fc - oc) / 10 / bc)
        cells = [f"{k} {statistics.median(v):.3f} (range {min(v):.2f}-{max(v):.2f})" for k, v in ratios.items()]
        label = f" [{f}]" if len(bins) > 1 else ""
        print(f"{w}{label}: median of {len(ratios['cpu'])} rounds: " + ", ".join(cells))
        print(f"  per round cpu: {' '.join(f'{x:.3f}' for x in ratios['cpu'])}; steady: {' '.join(f'{x:.3f}' for x in ratios['steady'])}")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
