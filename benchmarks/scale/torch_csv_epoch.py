#!/usr/bin/python3
"""PyTorch peer of `fnet train` on an MNIST-shaped CSV: np.loadtxt, then one epoch of 784-256-128-10 Adam.

Loads FILE with np.loadtxt (header skipped, label last), scales pixels by 1/255 (as --scale minmax does for
0-255 data), and trains one shuffled epoch of mini-batch 128, lr 1e-3, float32, as WORKLOADS.md's wide-adam.
Prints one JSON line: load and train seconds and the final training loss. Measure RSS with /usr/bin/time -v.
Usage: torch_csv_epoch.py FILE [--threads 2]
"""
import argparse
import json
import os
import time

p = argparse.ArgumentParser()
p.add_argument("file")
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(a.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(a.threads)
t0 = time.perf_counter()
table = np.loadtxt(a.file, delimiter=",", skiprows=1)
t1 = time.perf_counter()
X = torch.from_numpy(table[:, :-1] / 255.0).to(torch.float32)
y = torch.from_numpy(table[:, -1].astype(np.int64))
del table
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                            torch.nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
order = torch.from_numpy(np.random.default_rng(5).permutation(len(X)))
t2 = time.perf_counter()
for s in range(0, len(X), 128):
    idx = order[s:s + 128]
    opt.zero_grad()
    loss = F.cross_entropy(model(X[idx]), y[idx])
    loss.backward()
    opt.step()
t3 = time.perf_counter()
with torch.no_grad():
    final = F.cross_entropy(model(X), y).item()
print(json.dumps({"impl": "pytorch", "rows": len(X), "load_seconds": round(t1 - t0, 3),
                  "train_seconds": round(t3 - t2, 3), "final_loss": final}))
