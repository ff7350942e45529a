#!/usr/bin/python3
"""PyTorch (CPU) peer of `fnet bench`'s realistic-size workloads (issue 29), printing shared/peers' JSON lines.

mnist-epochs: FILE (default /tmp/functionalnet-bench/mnist_60000.csv, as fnet bench; write it with
  benchmarks/scale/make_mnist_csv.py) read with pandas.read_csv as float32 (np.loadtxt without pandas), divided by
  255, then 5 epochs of 784-256-128-10 ReLU/softmax Adam lr 1e-3, batch 128; train_seconds runs from opening the
  file to the last step.
tabular-large: 1,000,000 rows of tabular_data() (the same floats as fnet's TabularData.cs), 32-64-64-1 ReLU,
  half squared error, Adam lr 1e-3, batch 256, 2 epochs; data made outside the clock.
Budgets are rows (--quick: a tenth); each workload first runs once on a tiny budget, discarded. peak_rss_mb is the
process's high-water mark over the timed run (reset through /proc/self/clear_refs, as fnet bench does).
Usage: torch_realistic.py [--workloads mnist-epochs,tabular-large] [--threads N] [--quick] [--mnist-csv FILE]
"""
import argparse
import json
import os
import sys
import tempfile
import time

ALL = ["mnist-epochs", "tabular-large"]
FULL = {"mnist-epochs": 60000, "tabular-large": 1_000_000}
QUICK = {"mnist-epochs": 6000, "tabular-large": 100_000}
WARM = {"mnist-epochs": 640, "tabular-large": 2560}



def parse_args():
    """The command line; sets the thread environment, which has to precede numpy's and torch's import."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--workloads", default="all", help="comma list of " + ", ".join(ALL) + ", or all")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--quick", action="store_true")
    p.add_argument("--mnist-csv", default=os.path.join(tempfile.gettempdir(), "functionalnet-bench", "mnist_60000.csv"))
    a = p.parse_args()
    a.wanted = ALL if a.workloads == "all" else a.workloads.split(",")
    if any(w not in ALL for w in a.wanted):
        p.error(f"unknown workload(s) {a.workloads}; known: {', '.join(ALL)}")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # torch's OpenMP pool beside OpenBLAS's (see pytorch_mlp.py)
    return a


# Imported (benchmarks/scale/curves.py) the importer sets the thread environment first.
args = parse_args() if __name__ == "__main__" else None

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix(z):
    """splitmix64 of a uint64 array (numpy's uint64 arithmetic wraps, as C#'s unchecked ulong does)."""
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def uniform(stream, counter):
    """k / 2**24 from the top 24 bits of splitmix64(stream * 2**48 + counter), as TabularData.Uniform."""
    return (splitmix((np.uint64(stream) << np.uint64(48)) + counter.astype(np.uint64)) >> np.uint64(40)) / 16777216.0


def tabular_data(rows, first=0, d=32):
    """X float32 [rows, 32] uniform in [-1, 1), y float32 [rows]: linear + neighbour products + noise, summed in
    float64 in column order with only + and * (bit for bit fnet's TabularData)."""
    a, b = 2 * uniform(1, np.arange(d)) - 1, 2 * uniform(2, np.arange(d)) - 1
    index = np.arange(first, first + rows, dtype=np.uint64)
    X = np.empty((rows, d), dtype=np.float64)
    for j in range(d):
        X[:, j] = 2 * uniform(0, index * np.uint64(d) + np.uint64(j)) - 1
    acc = np.zeros(rows)
    for j in range(d):
        acc = acc + a[j] * X[:, j]
        acc = acc + b[j] * X[:, j] * X[:, (j + 1) % d]
    y = (acc + 0.1 * (uniform(3, index) - 0.5)).astype(np.float32)
    return X.astype(np.float32), y


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # not Linux: the process's peak stands


def peak_bytes():
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def mlp(sizes, seed=0):
    """Linear layers with ReLU between, weights and biases uniform ±sqrt(6/(in+out)) (fnet's 'epsilon' initialiser)."""
    rng, layers = np.random.default_rng(seed), []
    for i, o in zip(sizes[:-1], sizes[1:]):
        lin, bound = torch.nn.Linear(i, o), (6.0 / (i + o)) ** 0.5
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(rng.uniform(-bound, bound, (o, i)).astype(np.float32)))
            lin.bias.copy_(torch.from_numpy(rng.uniform(-bound, bound, o).astype(np.float32)))
        layers += [lin, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def adam_epochs(model, X, y, epochs, batch, loss_fn):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    rng, steps = np.random.default_rng(5), 0
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(len(X)))
        for s in range(0, len(X), batch):
            idx = order[s:s + batch]
            opt.zero_grad()
            loss_fn(model(X[idx]), y[idx]).backward()
            opt.step()
            steps += 1
    return steps


def read_mnist(path, rows):
    try:
        import pandas as pd
        return pd.read_csv(path, dtype=np.float32, nrows=rows).to_numpy(), f"pandas {pd.__version__} read_csv"
    except ImportError:
        return np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32, max_rows=rows), "np.loadtxt"


def mnist_epochs(rows, epochs=5):
    path = args.mnist_csv
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} not found: write it with benchmarks/scale/make_mnist_csv.py")
    reset_peak()
    t0 = time.perf_counter()
    table, reader = read_mnist(path, rows)
    X = torch.from_numpy(table[:, :-1] / np.float32(255))
    y = torch.from_numpy(table[:, -1].astype(np.int64))
    del table
    load = time.perf_counter() - t0
    model = mlp([784, 256, 128, 10])
    steps = adam_epochs(model, X, y, epochs, 128, F.cross_entropy)
    seconds = time.perf_counter() - t0
    peak = peak_bytes()
    if len(X) != rows:
        raise ValueError(f"{path} has {len(X)} rows, the budget needs {rows}")
    with torch.no_grad():
        out = model(X)
        loss, acc = F.cross_entropy(out, y).item(), (out.argmax(1) == y).double().mean().item()
    return dict(seconds=seconds, steps=steps, samples=epochs * rows, final_loss=loss, train_acc=acc, peak=peak,
                note=f"load {load:.2f} s ({reader}) + train {seconds - load:.2f} s; peak RSS {peak / 1e9:.2f} GB",
                data="file: " + path)


def half_mse(out, y):
    return 0.5 * F.mse_loss(out.squeeze(1), y)  # fnet's ½ Σ (a − y)² averaged over rows


def tabular_large(rows, epochs=2):
    X, y = (torch.from_numpy(a) for a in tabular_data(rows))
    model = mlp([32, 64, 64, 1])
    reset_peak()
    t0 = time.perf_counter()
    steps = adam_epochs(model, X, y, epochs, 256, half_mse)
    seconds = time.perf_counter() - t0
    peak = peak_bytes()
    with torch.no_grad():
        loss = half_mse(model(X), y).item()
    return dict(seconds=seconds, steps=steps, samples=epochs * rows, final_loss=loss, train_acc=None, peak=peak,
                note=f"peak RSS {peak / 1e9:.2f} GB", data="synthetic")


def emit(workload, r):
    print(json.dumps({"workload": workload, "impl": "pytorch", "dtype": "float32", "threads": args.threads,
                      "train_seconds": round(r["seconds"], 6), "steps": r["steps"],
                      "samples_per_s": round(r["samples"] / r["seconds"], 3), "final_loss": r["final_loss"],
                      "train_accuracy": r["train_acc"], "test_accuracy": None, "gflops": None, "quick": args.quick,
                      "note": r["note"], "data": r["data"], "peak_rss_mb": round(r["peak"] / 1e6, 1)}), flush=True)


def main():
    torch.set_num_threads(args.threads)
    failed = 0
    for w in args.wanted:
        run = {"mnist-epochs": mnist_epochs, "tabular-large": tabular_large}[w]
        try:
            run(WARM[w])
            emit(w, run((QUICK if args.quick else FULL)[w]))
        except (OSError, ValueError) as e:
            failed += 1
            print(f"torch_realistic: {w} failed: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
