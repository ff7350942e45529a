#!/bin/bash
# Peak resident memory of each process of `fnet train --distributed --sampling sharded` at 1, 2 and 4 processes (COUNTS),
# from a CSV file and from a row cache of the same 300,000 rows × 10 features (SOURCES; docs/distributed.md, "What each process reads"):
# 16 hidden units, Adam, batch 256 in 8 slots, one epoch. Prints the load average beside each run, and checks that the
# runs from each source wrote the same model at both process counts.
# Usage: [COUNTS="1 2 4"] [SOURCES="csv cache"] docs/distributed/rank-memory.sh [path/to/fnet.dll] [more fnet.dll to compare ...]
# (build first: dotnet build src/FunctionalNet.Cli -c Release). Several builds (say main's and a branch's) run interleaved, each
# process count one build after the other, so a before/after comparison shares the minutes and the machine's load.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
builds=("$@")
[ ${#builds[@]} -eq 0 ] && builds=("$here/src/FunctionalNet.Cli/bin/Release/net10.0/fnet.dll")
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
dotnet "${builds[0]}" cache --data "$work/rows.csv" --label y --out "$work/rows.fnetc" > /dev/null
args=(train --layers 16 --optimizer adam --batch-size 256 --slots 8 --sampling sharded --epochs 1 --validation-split 0.1 --quiet --distributed)
printf '| build | source | processes | peak RSS of each process (KB) | load average (1 min) |\n|---|---|---|---|---|\n'
for source in ${SOURCES:-csv cache}; do
  data=("$work/rows.csv" --label y)
  [ "$source" = cache ] && data=("$work/rows.fnetc")
  for n in ${COUNTS:-1 2 4}; do
    for b in "${!builds[@]}"; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      rss=$(mpirun --allow-run-as-root --oversubscribe -np "$n" /usr/bin/time -f "%M" dotnet "${builds[$b]}" "${args[@]}" --data "${data[@]}" --out "$work/$source-b$b-np$n" 2>&1 >/dev/null | sort -n | paste -sd' ')
      echo "| $b | $source | $n | $rss | $load |"
    done
  done
  sha256sum "$work/$source"-b*-np*/model.safetensors | awk '{print $1}' | sort | uniq -c | awk -v s="$source" '{print s ": " $1 " runs, model.safetensors sha256 " $2}'
done
