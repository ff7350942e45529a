#!/usr/bin/python3
"""Known answers for FunctionalNet's RocCurve, PrecisionRecallCurve and ReliabilityCurve, computed by scikit-learn.

Prints one JSON object per line: a header naming the scikit-learn and numpy versions, then cases
{"curve", "actual", "scores", "bins"?, "expected": {...}} (thresholds' inf written as the string "inf").
Run: /usr/bin/python3 curve_cases.py > curve_cases.jsonl
"""
import json

import numpy as np
import sklearn
from sklearn import metrics as m
from sklearn.calibration import calibration_curve

rng = np.random.default_rng(20261206)
print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__}))


def floats(a):
    return ["inf" if np.isinf(v) else float(v) for v in a]


for i in range(10):
    n = int(rng.integers(2, 40))
    y = rng.integers(0, 2, n)
    y[0], y[1] = 0, 1
    s = np.round(rng.random(n), 1) if i % 2 == 0 else rng.random(n)
    fpr, tpr, thr = m.roc_curve(y, s, drop_intermediate=False)
    print(json.dumps({"curve": "roc", "actual": y.tolist(), "scores": s.tolist(),
                      "expected": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr)}}))
    precision, recall, thr = m.precision_recall_curve(y, s)
    # scikit-learn lists falling recall ending at (0, 1); FunctionalNet lists rising recall starting there.
    print(json.dumps({"curve": "pr", "actual": y.tolist(), "scores": s.tolist(),
                      "expected": {"recall": floats(recall[::-1]), "precision": floats(precision[::-1]), "thresholds": floats(thr[::-1])}}))
    bins = int(rng.integers(1, 12))
    # Values on the bin edges (numpy's linspace edges, not i/bins) exercise which bin an edge belongs to.
    p = np.concatenate([s, np.linspace(0, 1, bins + 1)[:2]])
    yy = np.concatenate([y, [1, 0]])
    prob_true, prob_pred = calibration_curve(yy, p, n_bins=bins)
    counts = np.bincount(np.searchsorted(np.linspace(0, 1, bins + 1)[1:-1], p), minlength=bins)
    print(json.dumps({"curve": "reliability", "actual": yy.tolist(), "scores": p.tolist(), "bins": bins,
                      "expected": {"mean_predicted": floats(prob_pred), "fraction_positive": floats(prob_true), "counts": counts.tolist()}}))
