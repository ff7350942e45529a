#!/usr/bin/env bash
# The user's path under load: process CPU seconds (user + sys) of `fnet train` on moons-gd with 50,000 and 1 epochs,
# with --history-every 1 and 100, beside a baseline fnet, interleaved, three rounds, and bench's process CPU. On a
# shared machine wall time is noise and CPU time much less so (docs/performance.md, "The user's path, second pass").
# Per bench budget = (50,000 epochs − 1 epoch) / 10. Not a test; the load average is printed.
# Usage: benchmarks/users-path/cpu.sh path/to/fnet path/to/baseline/fnet [data folder with moons_1000.csv]
set -euo pipefail
A=$1; B=$2; D=${3:-/work/shared/data}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
ARGS=(--data "$D/moons_1000.csv" --label label --test-data "$D/moons_1000.csv" --layers 5,5 --activation sigmoid --output sigmoid --loss bce
  --lambda 0 --optimizer gd --lr 0.5 --scale none --init epsilon --patience 0 --quiet)
cpu() { { /usr/bin/time -f '%U %S' "$@" > /dev/null; } 2>&1 | tail -1 | awk '{print $1 + $2}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in 1 2 3; do
  for x in A1 A100 B; do
    f=$A; extra=(); [ $x = B ] && f=$B; [ $x = A100 ] && extra=(--history-every 100)
    one=$(cpu "$f" train "${ARGS[@]}" "${extra[@]}" --epochs 1 --out "$OUT/$x")
    full=$(cpu "$f" train "${ARGS[@]}" "${extra[@]}" --epochs 50000 --out "$OUT/$x")
    bench=$(cpu "$f" bench --workload moons-gd --json --threads 2 --data "$D")
    python3 -c "print(f'$x round $r: train per bench budget {($full - $one) / 10:.3f} CPU s (50,000 epochs {$full:.2f}, one {$one:.2f}), bench process {$bench:.2f} CPU s')"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
