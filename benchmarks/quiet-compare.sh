#!/bin/sh
# One `compare.py --repeat 3` run of every workload: FunctionalNet (this checkout's Release benchmark build) beside
# numpy/scipy and scikit-learn from ../shared/peers, two threads each. Run it on a quiet machine, twice, and record both
# outputs (docs/benchmarks/). numpy must run on OpenBLAS (apt-get install -y libopenblas0-pthread): the script refuses
# the reference BLAS, which makes every numpy ratio meaningless.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS:-$root/../shared/peers}
readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 | grep -q openblas \
  || { echo "quiet-compare: numpy's BLAS is not OpenBLAS; apt-get install -y libopenblas0-pthread" >&2; exit 2; }
dotnet build "$root/benchmarks/FunctionalNet.Benchmarks" -c Release -v q > /dev/null
cd "$peers"
date -u; uptime
env -u OPENBLAS_CORETYPE /usr/bin/python3 compare.py --threads 2 --gemm-roofline --repeat 3 \
  --run "/usr/bin/python3 numpy_seed.py --threads 2" --run "/usr/bin/python3 sklearn_mlp.py --threads 2" \
  --run "DOTNET_TieredCompilation=0 dotnet $root/benchmarks/FunctionalNet.Benchmarks/bin/Release/net10.0/FunctionalNet.Benchmarks.dll workloads all 2"
date -u; uptime
