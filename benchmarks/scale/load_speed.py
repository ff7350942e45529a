#!/usr/bin/python3
"""Best-of-N wall and CPU seconds and MB per CPU second of numpy.loadtxt (and pandas.read_csv when installed) on a numeric CSV with a header.

One JSON line per reader, the same fields as `FunctionalNet.Benchmarks csv FILE`, so the two are compared side by
side. Usage: load_speed.py FILE [repeats]
"""
import json
import os
import sys
import time

import numpy as np

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
mb = os.path.getsize(path) / 1e6


def measure(impl, load):
    """Best wall and CPU seconds (process time: user + system, the fair measure on a shared machine)."""
    best, best_cpu, rows = float("inf"), float("inf"), 0
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        rows = load()
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    print(json.dumps({"impl": impl, "file": os.path.basename(path), "rows": rows, "seconds": round(best, 3),
                      "cpu_seconds": round(best_cpu, 3), "mb_per_cpu_s": round(mb / best_cpu, 1)}), flush=True)


measure(f"numpy-{np.__version__}-loadtxt", lambda: len(np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)))
try:
    import pandas as pd
    measure(f"pandas-{pd.__version__}-read_csv", lambda: len(pd.read_csv(path, dtype=np.float32)))
except ImportError:
    print(json.dumps({"impl": "pandas", "skipped": "not installed"}), flush=True)
