#!/usr/bin/python3
"""Writes the rows make_mnist_csv.py would write (same --rows and --seed) straight into an fnet row cache (.fnetc),
without a CSV: for sizes whose CSV would take too long to write and parse. An independent implementation of the
format in docs/formats.md (version 4: float32 features, int32 labels, names table, chunk table, SHA-256), so fnet
verifying the file also checks the spec; the file is byte-identical to `fnet cache --data CSV --out FILE
--chunk-rows N` of make_mnist_csv.py's CSV. Memory: one block of 10,000 rows plus the labels (4 bytes a row).
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
labels = np.empty(a.rows, dtype="<i4")
tmp = a.out + ".tmp"


def chunk_record(x, y):
    """One chunk's table record: SHA-256s of its feature, label and (absent) weight bytes, then its exact column moments
    as fnet's ChunkMoments computes them — each column summed in row order from 0, divided by the rows, the squared
    deviations summed in row order, minimum, maximum and the first row (the pixels hold no NaN and no −0)."""
    x64 = x.astype(np.float64)
    s = np.zeros(F)
    for row in x64:
        s += row
    mean = s / len(x64)
    m2 = np.zeros(F)
    for row in x64:
        d = row - mean
        m2 += d * d
    stats = np.concatenate([mean, m2, x64.min(axis=0), x64.max(axis=0), x64[0]]).astype("<f8")
    return hashlib.sha256(x.tobytes()).digest() + hashlib.sha256(y.tobytes()).digest() + b"\0" * 32 + stats.tobytes()


with open(tmp, "w+b") as f:
    f.write(b"\0" * HEADER)
    for start in range(0, a.rows, 10000):  # the CSV generator's block size, so the same draws give the same rows
        n = min(10000, a.rows - start)
        y = rng.integers(0, 10, n)
        lit = rng.random((n, 784)) < 0.2
        band = (np.arange(784)[None, :] // 78) == y[:, None]
        lit |= band & (rng.random((n, 784)) < 0.5)
        x = np.where(lit, rng.integers(1, 256, (n, 784)), 0).astype("<f4")
        f.write(x.tobytes())
        labels[start:start + n] = y
    f.write(labels.tobytes())
    names = b"".join(struct.pack("<H", len(s)) + s for s in
                     [f"pixel{j}".encode() for j in range(F)] + [str(c).encode() for c in range(K)])
    f.write(names)
    # The chunk table: each chunk's features read back from the file (one chunk held at a time).
    sha = hashlib.sha256(names)
    row_bytes = F * 4
    for first in range(0, a.rows, a.chunk_rows):
        r = min(a.chunk_rows, a.rows - first)
        f.seek(HEADER + first * row_bytes)
        x = np.frombuffer(f.read(r * row_bytes), dtype="<f4").reshape(r, F)
        record = chunk_record(x, labels[first:first + r])
        f.seek(0, os.SEEK_END)
        f.write(record)
        sha.update(record)
    targets = HEADER + a.rows * F * 4
    weights_at = names_at = targets + a.rows * 4  # no sample weights: the weights' region is empty
    table_at = names_at + len(names)
    length = f.tell()
    assert length == table_at + -(-a.rows // a.chunk_rows) * (96 + 40 * F)

    def header(checksum):
        # version 4, target kind 1 (int32 labels), no sample weights (byte 30 = 0)
        return (b"FNETCACH" + struct.pack("<IIqiBBHii", 4, HEADER, a.rows, F, 1, 1, 0, K, a.chunk_rows)
                + struct.pack("<qqqqq", HEADER, targets, names_at, len(names), length) + checksum
                + struct.pack("<qq", weights_at, table_at))
    # Version 4's checksum covers the names, the chunk table and the header (the table's SHA-256s cover the rows).
    sha.update(header(b"\0" * 32))
    f.seek(0)
    f.write(header(sha.digest()))
    f.flush()
    os.fsync(f.fileno())
os.replace(tmp, a.out)
print(f"wrote {a.out}: {a.rows} rows, {length} bytes, sha256 {sha.hexdigest()}")
