#!/bin/bash
# Time per step of `fnet train --distributed` at 1, 2 and 4 processes on this machine (docs/distributed.md, "Measured
# here"): digits, 256-128, Adam, batch 256 in 8 slots, float64, 12 epochs; the per-epoch seconds from history.csv,
# divided by the steps of an epoch. Prints the load average beside each run, and checks every run wrote the same model.
# Usage: docs/distributed/time-per-step.sh [path/to/fnet.dll]   (build first: dotnet build src/FunctionalNet.Cli -c Release)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
fnet=${1:-$here/src/FunctionalNet.Cli/bin/Release/net10.0/fnet.dll}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(train --data digits --layers 256,128 --optimizer adam --batch-size 256 --slots 8 --epochs 12 --quiet)
printf '| processes | median time per step | fastest epoch per step | load average (1 min) |\n|---|---|---|---|\n'
for n in 1 2 4; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  mpirun --allow-run-as-root --oversubscribe -np "$n" dotnet "$fnet" "${args[@]}" --distributed --out "$work/np$n" > /dev/null
  # history.csv's seconds are cumulative; 1,437 training rows in batches of 256 are 6 steps an epoch.
  python3 - "$work/np$n/history.csv" "$n" "$load" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
t = [float(r["seconds"]) for r in rows]
epochs = [b - a for a, b in zip([0.0] + t, t)]
print(f"| {sys.argv[2]} | {statistics.median(epochs) / 6 * 1000:.0f} ms | {min(epochs) / 6 * 1000:.0f} ms | {sys.argv[3]} |")
PY
done
sha256sum "$work"/np*/model.safetensors | awk '{print $1}' | uniq -c | awk '{print "model.safetensors: " $1 " runs, sha256 " $2}'
