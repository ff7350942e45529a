#!/usr/bin/python3
"""Writes a deterministic MNIST-shaped CSV: header pixel0..pixel783,label, integer pixels 0-255, labels 0-9.

About 80 % of the pixels are 0 and the rest 1-255 (MNIST's mix, ~1.9 KB a row), and each class lights its own
band of pixels brighter, so a network can learn it. Same rows for the same --rows and --seed on every machine.
Usage: make_mnist_csv.py OUT.csv [--rows 60000] [--seed 17]
"""
import argparse

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--rows", type=int, default=60000)
p.add_argument("--seed", type=int, default=17)
a = p.parse_args()

words = [str(v).encode() for v in range(256)]
rng = np.random.default_rng(a.seed)
chunk = 10000
with open(a.out, "wb") as f:
    f.write(b",".join([f"pixel{j}".encode() for j in range(784)] + [b"label"]) + b"\n")
    for start in range(0, a.rows, chunk):
        n = min(chunk, a.rows - start)
        y = rng.integers(0, 10, n)
        lit = rng.random((n, 784)) < 0.2
        # Class c lights pixels 78c … 78c+77 more often, so labels are learnable.
        band = (np.arange(784)[None, :] // 78) == y[:, None]
        lit |= band & (rng.random((n, 784)) < 0.5)
        x = np.where(lit, rng.integers(1, 256, (n, 784)), 0)
        lines = [b",".join([words[v] for v in row] + [words[c]]) for row, c in zip(x.tolist(), y.tolist())]
        f.write(b"\n".join(lines) + b"\n")
