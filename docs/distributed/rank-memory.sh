#!/bin/bash
# Peak resident memory of each process of `fnet train --distributed --sampling sharded` at 1 and 4 processes, from a CSV
# file and from a row cache of the same 300,000 rows × 10 features (docs/distributed.md, "What each process holds"):
# 16 hidden units, Adam, batch 256 in 8 slots, one epoch. Prints the load average beside each run, and checks that the
# runs from each source wrote the same model at both process counts.
# Usage: docs/distributed/rank-memory.sh [path/to/fnet.dll]   (build first: dotnet build src/FunctionalNet.Cli -c Release)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fnet=${1:-$here/src/FunctionalNet.Cli/bin/Release/net10.0/fnet.dll}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/rows.csv" <<'PY'
import random, sys
r = random.Random(7)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"x{i}" for i in range(10)) + ",y\n")
    for _ in range(300000):
        xs = [r.uniform(-1, 1) for _ in range(10)]
        f.write(",".join(f"{x:.6f}" for x in xs) + f",{1 if xs[0] * xs[1] + xs[2] > 0 else 0}\n")
PY
dotnet "$fnet" cache --data "$work/rows.csv" --label y --out "$work/rows.fnetc" > /dev/null
args=(train --layers 16 --optimizer adam --batch-size 256 --slots 8 --sampling sharded --epochs 1 --validation-split 0.1 --quiet --distributed)
printf '| source | processes | peak RSS of each process (KB) | load average (1 min) |\n|---|---|---|---|\n'
for source in csv cache; do
  data=("$work/rows.csv" --label y)
  [ "$source" = cache ] && data=("$work/rows.fnetc")
  for n in 1 4; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    rss=$(mpirun --allow-run-as-root --oversubscribe -np "$n" /usr/bin/time -f "%M" dotnet "$fnet" "${args[@]}" --data "${data[@]}" --out "$work/$source-np$n" 2>&1 >/dev/null | sort -n | paste -sd' ')
    echo "| $source | $n | $rss | $load |"
  done
  sha256sum "$work/$source"-np*/model.safetensors | awk '{print $1}' | uniq -c | awk -v s="$source" '{print s ": " $1 " runs, model.safetensors sha256 " $2}'
done
