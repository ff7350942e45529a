#!/usr/bin/python3
"""Writes the rows make_mnist_csv.py would write (same --rows and --seed) straight into an fnet row cache (.fnetc),
without a CSV: for sizes whose CSV would take too long to write and parse. An independent implementation of the
format in docs/formats.md (float32 features, int32 labels, names table, SHA-256), so fnet verifying the file also
checks the spec. Memory: one chunk of rows plus the labels (4 bytes a row).
Usage: make_mnist_cache.py OUT.fnetc [--rows 60000] [--seed 17] [--chunk-rows 4096]
"""
import argparse
import hashlib
import os
import struct

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--rows", type=int, default=60000)
p.add_argument("--seed", type=int, default=17)
p.add_argument("--chunk-rows", type=int, default=4096)
a = p.parse_args()

F, K, HEADER = 784, 10, 128
rng = np.random.default_rng(a.seed)
sha = hashlib.sha256()
labels = np.empty(a.rows, dtype="<i4")
tmp = a.out + ".tmp"
with open(tmp, "wb") as f:
    f.write(b"\0" * HEADER)
    for start in range(0, a.rows, 10000):  # the CSV generator's block size, so the same draws give the same rows
        n = min(10000, a.rows - start)
        y = rng.integers(0, 10, n)
        lit = rng.random((n, 784)) < 0.2
        band = (np.arange(784)[None, :] // 78) == y[:, None]
        lit |= band & (rng.random((n, 784)) < 0.5)
        x = np.where(lit, rng.integers(1, 256, (n, 784)), 0).astype("<f4")
        b = x.tobytes()
        f.write(b)
        sha.update(b)
        labels[start:start + n] = y
    b = labels.tobytes()
    f.write(b)
    sha.update(b)
    names = b"".join(struct.pack("<H", len(s)) + s for s in
                     [f"pixel{j}".encode() for j in range(F)] + [str(c).encode() for c in range(K)])
    f.write(names)
    sha.update(names)
    targets = HEADER + a.rows * F * 4
    names_at = targets + a.rows * 4
    length = names_at + len(names)
    def header(checksum):
        # version 2, no sample weights (byte 30 = 0): the weights' offset (bytes 112-119) is where the names start
        return (b"FNETCACH" + struct.pack("<IIqiBBHii", 2, HEADER, a.rows, F, 1, 1, 0, K, a.chunk_rows)
                + struct.pack("<qqqqq", HEADER, targets, names_at, len(names), length) + checksum
                + struct.pack("<q", names_at) + b"\0" * 8)
    sha.update(header(b"\0" * 32))
    f.seek(0)
    f.write(header(sha.digest()))
    f.flush()
    os.fsync(f.fileno())
os.replace(tmp, a.out)
print(f"wrote {a.out}: {a.rows} rows, {length} bytes, sha256 {sha.hexdigest()}")
