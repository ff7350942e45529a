#!/usr/bin/env bash
# A CSV larger than the memory its caching and training take, from file to model, with the peak resident memory of
# each step (GNU time's "Maximum resident set size"). Run from the repository root after a Release build:
#   benchmarks/larger-than-memory/measure.sh ROWS [DIR]
# ROWS rows of 20 features (3 decimals) and a two-class label, ~140 bytes a row: 7,500,000 rows ≈ 1 GB of CSV.
# Output: one line per step (what, seconds, peak RSS in MB), recorded in docs/data.md.
set -euo pipefail
rows=${1:?rows}
dir=${2:-$(mktemp -d)}
mkdir -p "$dir"
fnet="dotnet src/FunctionalNet.Cli/bin/Release/net10.0/fnet.dll"
csv="$dir/big.csv" cache="$dir/big.fnetc" model="$dir/model"

step() { # what, then the command
  local what=$1; shift
  /usr/bin/time -v "$@" > "$dir/$what.out" 2> "$dir/$what.time" || { cat "$dir/$what.out" "$dir/$what.time"; exit 1; }
  awk -v what="$what" -F': ' '/Elapsed \(wall clock\)/ { t = $2 } /Maximum resident set size/ { m = $2 }
    END { split(t, p, ":"); s = (length(p) == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]); printf "%-6s %8.1f s %8.1f MB\n", what, s, m / 1024 }' "$dir/$what.time"
}

# The label is a fixed linear rule of the features, so the model has something to learn. A CSV already in DIR (of
# these ROWS: the script does not check) is reused, since writing 10 GB takes longer than caching it.
[ -s "$csv" ] || step write awk -v rows="$rows" -v out="$csv" 'BEGIN {
  srand(42); for (j = 0; j < 20; j++) printf "f%d,", j > out; print "label" > out
  for (i = 0; i < rows; i++) { s = 0
    for (j = 0; j < 20; j++) { v = rand() * 2 - 1; s += (j % 3 - 1) * v; printf "%.3f,", v > out }
    print (s > 0 ? "pos" : "neg") > out } }'
ls -l "$csv" | awk '{ printf "csv    %s bytes\n", $5 }'
step cache $fnet cache --data "$csv" --out "$cache"
ls -l "$cache" | awk '{ printf "cache  %s bytes\n", $5 }'
step train $fnet train --data "$cache" --optimizer adam --batch-size 512 --epochs 1 --layers 16 --scale standard \
  --out "$model" -q
grep -h "accuracy" "$dir/train.out" || true
