#!/usr/bin/python3
"""How cost grows: seconds per epoch against rows, width and depth, FunctionalNet and PyTorch on the same axes.

The network family is tabular-large's (32 inputs, DEPTH ReLU layers of WIDTH units, one linear output, half squared
error, Adam lr 1e-3, batch 256, float32) on the first ROWS rows of its generated table (identical floats on both
sides). Axes: rows 10^3-10^6 at width 64, depth 2; width 8-1024 at 10^4 rows, depth 2; depth 1-6 at 10^4 rows,
width 256. Each point: one warm-up epoch, then the best of 3 more epochs (of 1 more when the warm-up took over 0.5 s, none past 2 s,
when the first epoch is the measure: the code is warm from the smaller points by then).
FunctionalNet runs in one process (FunctionalNet.Benchmarks curve), PyTorch in this one (torch_realistic.py's code).
Writes the picture (SVG), every point as a JSON line, and a markdown table of the log-log slopes on stdout.
Usage: curves.py BENCHMARKS_DLL [--threads 2] [--svg docs/images/cost-growth.svg] [--jsonl FILE] [--png FILE]
       [--quick] [--replot FILE.jsonl]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("dll", nargs="?", help="FunctionalNet.Benchmarks.dll of a Release build (not needed with --replot)")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--svg", default=os.path.join(HERE, "..", "..", "docs", "images", "cost-growth.svg"))
p.add_argument("--jsonl", default=None)
p.add_argument("--png", default=None, help="also a small PNG (to look at)")
p.add_argument("--replot", metavar="JSONL", help="draw the points of an earlier --jsonl instead of measuring")
p.add_argument("--quick", action="store_true", help="the first three points of each axis, for a smoke run")
a = p.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(a.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.join(HERE, "..", "peers"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch_realistic as peer  # noqa: E402

torch.set_num_threads(a.threads)
AXES = {
    "rows": [(r, 64, 2) for r in [1000, 3162, 10000, 31623, 100000, 316228, 1000000]],
    "width": [(10000, w, 2) for w in [8, 16, 32, 64, 128, 256, 512, 1024]],
    "depth": [(10000, 256, d) for d in range(1, 7)],
}
if a.quick:
    AXES = {k: v[:3] for k, v in AXES.items()}
KEY = {"rows": 0, "width": 1, "depth": 2}


def torch_epoch_seconds(rows, width, depth):
    X, y = (torch.from_numpy(v) for v in peer.tabular_data(rows))

    def epoch():
        model = peer.mlp([32] + [width] * depth + [1])
        t0 = time.perf_counter()
        peer.adam_epochs(model, X, y, 1, 256, peer.half_mse)
        return time.perf_counter() - t0

    first = epoch()
    return min([first] + [epoch() for _ in range(3 if first < 0.5 else 1 if first < 2 else 0)])


def slope(xs, ys):
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


points = sorted({pt for pts in AXES.values() for pt in pts})
fnet, pytorch = {}, {}
if a.replot:
    with open(a.replot) as f:
        for rec in map(json.loads, f):
            (fnet if rec["impl"] == "functionalnet" else pytorch)[(rec["rows"], rec["width"], rec["depth"])] = rec["seconds"]
else:
    t0 = time.perf_counter()
    # Tiering off, as for `workloads` (docs/performance.md "Reproduce"): short epochs would otherwise time tier-0 code.
    out = subprocess.run(["dotnet", a.dll, "curve", ",".join(f"{r}:{w}:{d}" for r, w, d in points), str(a.threads)],
                         capture_output=True, text=True, check=True, env=dict(os.environ, DOTNET_TieredCompilation="0")).stdout
    for line in out.splitlines():
        if line.startswith("{"):
            rec = json.loads(line)
            fnet[(rec["rows"], rec["width"], rec["depth"])] = rec["seconds"]
    print(f"[curves] functionalnet: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    pytorch = {pt: torch_epoch_seconds(*pt) for pt in points}
    print(f"[curves] pytorch: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
if a.jsonl:
    with open(a.jsonl, "w") as f:
        for impl, times in (("functionalnet", fnet), ("pytorch", pytorch)):
            for (r, w, d), s in sorted(times.items()):
                f.write(json.dumps({"impl": impl, "rows": r, "width": w, "depth": d, "seconds": s}) + "\n")

import matplotlib  # noqa: E402
matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "cost-growth"  # stable ids: the same numbers give the same file
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
print("| axis | points | FunctionalNet slope | PyTorch slope | FunctionalNet s/epoch | PyTorch s/epoch |")
print("|---|---|---|---|---|---|")
for ax, (name, pts) in zip(axes, AXES.items()):
    xs = [pt[KEY[name]] for pt in pts]
    for impl, times, style in (("FunctionalNet", fnet, "o-"), ("PyTorch 1.13", pytorch, "s--")):
        ax.plot(xs, [times[pt] for pt in pts], style, label=impl)
    ax.set_xscale("log")
    ax.set_yscale("log")
    fixed = {"rows": "width 64, depth 2", "width": "10⁴ rows, depth 2", "depth": "10⁴ rows, width 256"}[name]
    if name == "depth":  # whole layers: label them 1 … 6, not as powers of ten
        ax.set_xticks(xs, [str(x) for x in xs])
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_title(f"{name} ({fixed})")
    ax.set_xlabel(name)
    ax.set_ylabel("seconds per epoch")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    half = len(pts) // 2
    for label, sel in (("all", slice(None)), ("upper half", slice(half, None))):
        f = [fnet[pt] for pt in pts][sel]
        t = [pytorch[pt] for pt in pts][sel]
        x = xs[sel]
        print(f"| {name} | {label} ({x[0]}–{x[-1]}) | {slope(x, f):.2f} | {slope(x, t):.2f} | "
              f"{f[0]:.4g}–{f[-1]:.4g} | {t[0]:.4g}–{t[-1]:.4g} |")
fig.suptitle(f"Seconds per epoch, 32-input ReLU MLP, Adam batch 256, float32, {a.threads} threads")
fig.tight_layout()
fig.savefig(a.svg, metadata={"Date": None})
if a.png:
    fig.savefig(a.png, dpi=60)
print(f"[curves] wrote {a.svg}", file=sys.stderr)
