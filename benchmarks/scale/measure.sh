#!/bin/bash
# Side by side: `fnet train` (one epoch, 784-256-128-10 Adam, batch 128, float32) and the PyTorch peer on the same
# CSV, each under /usr/bin/time -v for wall time and peak RSS. Usage: measure.sh FILE.csv FNET_DIR [OUT_DIR]
# FNET_DIR holds a Release build of FunctionalNet.Cli (dotnet build -c Release src/FunctionalNet.Cli).
set -u
file=$1; fnet=$2; out=${3:-/tmp/scale-measure}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
/usr/bin/time -v dotnet "$fnet/fnet.dll" train --data "$file" --layers 256,128 --activation relu --optimizer adam \
  --batch-size 128 --epochs 1 --dtype float32 --scale minmax --test-split 0.01 --quiet --out "$out/model" \
  > "$out/fnet.txt" 2> "$out/fnet.time"
/usr/bin/time -v /usr/bin/python3 "$here/torch_csv_epoch.py" "$file" > "$out/torch.txt" 2> "$out/torch.time"
for impl in fnet torch; do
  wall=$(grep 'Elapsed (wall' "$out/$impl.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$out/$impl.time" | awk '{printf "%.2f GB", $NF/1048576}')
  echo "$impl: wall $wall, peak RSS $rss"
done
cat "$out/fnet.txt" "$out/torch.txt"
