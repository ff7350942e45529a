#!/usr/bin/python3
"""Each issue-29 workload's compute limit on this machine and the fraction of it FunctionalNet reaches.

Reads compare.py outputs (markdown, as benchmarks/quiet-compare.sh records them in docs/benchmarks/) and measures
numpy/OpenBLAS's 1024^3 matrix product at 2 threads in float32 and float64 (best of 20) now, on the same machine.

limit = the workload's product flops / that roofline in the workload's dtype: the time the products alone would
take at the best rate this machine's BLAS reaches, with every elementwise pass, the optimizer and the loop free.
Product flops per row: forward 2*sum(in*out), weight gradients the same, deltas below the output 2*sum(in*out) of
every layer but the first; times the rows the run processed (samples_per_s * train_seconds of its record).
It is a bound no implementation reaches on small shapes (a 1-row or 5-wide product runs far below the 1024^3 rate),
so a low fraction there says how far the shape is from what the machine can do, not that a faster library exists.

The last two columns say what the issue's target asks: the time it allows (the peer's time / the ratio) and the
fraction of the limit that time needs; above 100 % the target is beyond this machine's products.

Usage: OPENBLAS_NUM_THREADS=2 python3 workload-limits.py docs/benchmarks/X.md [Y.md ...]
"""
import os
import re
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
import numpy as np  # noqa: E402  (after the thread count is set)

SIZES = {
    "moons-gd": [2, 5, 5, 2],
    "digits-sgd": [64, 100, 10],
    "digits-tnc": [64, 25, 10],
    "digits-lbfgs": [64, 100, 10],
    "digits-adam": [64, 100, 10],
    "wide-adam": [784, 256, 128, 10],
    "gemm-mlp": [1024, 1024, 1024, 1024],
}
# Issue 29's targets: (peer implementation, ratio FunctionalNet must reach against it).
TARGETS = {
    "moons-gd": ("numpy-seed", 15), "digits-sgd": ("numpy-seed", 14), "digits-tnc": ("numpy-seed", 3),
    "digits-lbfgs": ("sklearn", 4.5), "digits-adam": ("sklearn", 6), "wide-adam": ("numpy-seed", 2),
    "gemm-mlp": ("numpy-seed", 1.0),
}


def flops_per_row(sizes):
    pairs = [i * o for i, o in zip(sizes, sizes[1:])]
    return 2 * sum(pairs) + 2 * sum(pairs) + 2 * sum(pairs[1:])


def roofline(dtype, repeats=20):
    a = np.random.default_rng(1).standard_normal((1024, 1024)).astype(dtype)
    b = np.random.default_rng(2).standard_normal((1024, 1024)).astype(dtype)
    a @ b
    best = min(timed(lambda: a @ b) for _ in range(repeats))
    return 2 * 1024 ** 3 / best / 1e9


def timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def records(path):
    """{workload: {impl: (dtype, seconds, samples)}} from one compare.py markdown output."""
    out, workload = {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"### (\S+)", line)
        if m:
            workload = m.group(1)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if workload in SIZES and len(cells) > 5 and cells[0] not in ("impl", "---"):
            seconds = float(cells[3].replace(",", ""))
            out.setdefault(workload, {})[cells[0]] = (cells[1], seconds, float(cells[5].replace(",", "")) * seconds)
    return out


def main(paths):
    peaks = {"float32": roofline(np.float32), "float64": roofline(np.float64)}
    print(f"numpy 1024^3 matmul, 2 threads, best of 20: float32 {peaks['float32']:.1f} GFLOP/s, "
          f"float64 {peaks['float64']:.1f} GFLOP/s")
    for path in paths:
        print(f"\n{os.path.basename(path)}\n")
        print("| workload | dtype | product GFLOP | limit | FunctionalNet | reached | target | time it allows | of the limit |")
        print("|---|---|---|---|---|---|---|---|---|")
        for workload, impls in records(path).items():
            if "functionalnet" not in impls:
                continue
            dtype, ours, samples = impls["functionalnet"]
            gflop = flops_per_row(SIZES[workload]) * samples / 1e9
            limit = gflop / peaks[dtype]
            peer, ratio = TARGETS[workload]
            allowed = impls[peer][1] / ratio if peer in impls else float("nan")
            print(f"| {workload} | {dtype} | {gflop:.3g} | {limit:.4f} s | {ours:.4f} s | {limit / ours:.0%} | "
                  f"≥ {ratio:g}× {peer} | {allowed:.4f} s | {limit / allowed:.0%} |")


if __name__ == "__main__":
    main(sys.argv[1:])
