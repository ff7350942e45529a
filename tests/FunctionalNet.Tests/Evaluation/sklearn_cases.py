#!/usr/bin/python3
"""Known answers for FunctionalNet's Evaluation metrics, computed by scikit-learn.

Prints one JSON object per line: a header naming the scikit-learn and numpy versions, then cases
{"metric", "actual", "scores" | "predicted", "k"?, "expected"} where expected is repr(float) ("NaN" for nan)
or "error" when scikit-learn raises ValueError. Run: python3 sklearn_cases.py > sklearn_cases.jsonl
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn import metrics as m
from sklearn.preprocessing import label_binarize

warnings.simplefilter("ignore")
rng = np.random.default_rng(20261206)
print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__}))


def emit(metric, compute, **case):
    try:
        value = float(compute())
        expected = "NaN" if np.isnan(value) else repr(value)
    except ValueError:
        expected = "error"
    print(json.dumps({"metric": metric, **case, "expected": expected}))


def binary_case(n, tied):
    y = rng.integers(0, 2, n)
    s = np.round(rng.random(n), 1) if tied else rng.normal(size=n)
    return y.tolist(), s.tolist()


def multiclass_case(n, k):
    y = np.concatenate([np.arange(k), rng.integers(0, k, n - k)])
    rng.shuffle(y)
    w = rng.integers(1, 4, size=(n, k)).astype(float)  # small integers: many tied scores
    p = w / w.sum(axis=1, keepdims=True)
    return y.tolist(), p.tolist()


for i in range(12):
    y, s = binary_case(int(rng.integers(2, 40)), tied=i % 2 == 0)
    emit("roc_auc_binary", lambda: m.roc_auc_score(y, s), actual=y, scores=s)
    emit("average_precision_binary", lambda: m.average_precision_score(y, s), actual=y, scores=s)
    emit("top_k_binary_1", lambda: m.top_k_accuracy_score(y, s, k=1, labels=[0, 1]), actual=y, scores=s)
    p = np.clip(np.array(s), 0, 1).tolist()
    emit("brier_binary", lambda: m.brier_score_loss(y, p), actual=y, scores=p)
    emit("log_loss_binary", lambda: m.log_loss(y, p, labels=[0, 1]), actual=y, scores=p)

for i in range(10):
    k = int(rng.integers(3, 6))
    y, p = multiclass_case(int(rng.integers(k, 50)), k)
    for scheme in ("ovr", "ovo"):
        for average in ("macro", "weighted"):
            emit(f"roc_auc_{scheme}_{average}", lambda: m.roc_auc_score(y, p, multi_class=scheme, average=average), actual=y, scores=p)
    for average in ("macro", "weighted"):
        emit(f"average_precision_{average}", lambda: m.average_precision_score(label_binarize(y, classes=range(k)), p, average=average), actual=y, scores=p)
    emit("log_loss_multiclass", lambda: m.log_loss(y, p, labels=list(range(k))), actual=y, scores=p)
    for top in (1, 2):
        emit(f"top_k_multiclass_{top}", lambda: m.top_k_accuracy_score(y, p, k=top, labels=list(range(k))), actual=y, scores=p)

for i in range(12):
    k = int(rng.integers(2, 6))
    n = int(rng.integers(1, 40))
    y = rng.integers(0, k, n).tolist()
    yhat = [t if rng.random() < 0.5 else int(rng.integers(0, k)) for t in y]
    emit("balanced_accuracy", lambda: m.balanced_accuracy_score(y, yhat), actual=y, predicted=yhat)
    emit("matthews", lambda: m.matthews_corrcoef(y, yhat), actual=y, predicted=yhat)
    emit("kappa", lambda: m.cohen_kappa_score(y, yhat), actual=y, predicted=yhat)

for i in range(8):
    n, outputs = int(rng.integers(1, 30)), int(rng.integers(1, 3))
    y = np.round(rng.normal(size=(n, outputs)), 1)
    y[rng.random((n, outputs)) < 0.1] = 0.0  # zeros exercise MAPE's epsilon
    yhat = y + np.round(rng.normal(scale=0.5, size=(n, outputs)), 2)
    yl, yhatl = y.tolist(), yhat.tolist()
    emit("explained_variance", lambda: m.explained_variance_score(y, yhat), actual=yl, predicted=yhatl)
    emit("median_absolute_error", lambda: m.median_absolute_error(y, yhat), actual=yl, predicted=yhatl)
    emit("mape", lambda: m.mean_absolute_percentage_error(y, yhat), actual=yl, predicted=yhatl)
    emit("max_error", lambda: m.max_error(y[:, 0], yhat[:, 0]), actual=y[:, :1].tolist(), predicted=yhat[:, :1].tolist())

# Edge cases: one class present, no positives, constant labellings, a class only predicted, constant targets.
emit("roc_auc_binary", lambda: m.roc_auc_score([1, 1, 1], [0.2, 0.5, 0.9]), actual=[1, 1, 1], scores=[0.2, 0.5, 0.9])
emit("roc_auc_binary", lambda: m.roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]), actual=[0, 1, 0, 1], scores=[0.5, 0.5, 0.5, 0.5])
emit("roc_auc_ovr_macro", lambda: m.roc_auc_score([0, 1, 1], [[0.2, 0.5, 0.3]] * 3, multi_class="ovr"), actual=[0, 1, 1], scores=[[0.2, 0.5, 0.3]] * 3)
emit("average_precision_binary", lambda: m.average_precision_score([0, 0, 0], [0.2, 0.5, 0.9]), actual=[0, 0, 0], scores=[0.2, 0.5, 0.9])
emit("average_precision_binary", lambda: m.average_precision_score([1, 1, 1], [0.2, 0.5, 0.9]), actual=[1, 1, 1], scores=[0.2, 0.5, 0.9])
emit("matthews", lambda: m.matthews_corrcoef([1, 1, 1], [1, 0, 1]), actual=[1, 1, 1], predicted=[1, 0, 1])
emit("kappa", lambda: m.cohen_kappa_score([2, 2, 2], [2, 2, 2]), actual=[2, 2, 2], predicted=[2, 2, 2])
emit("balanced_accuracy", lambda: m.balanced_accuracy_score([0, 0, 1], [0, 2, 1]), actual=[0, 0, 1], predicted=[0, 2, 1])
emit("brier_binary", lambda: m.brier_score_loss([0, 1], [0.5, 1.5]), actual=[0, 1], scores=[0.5, 1.5])
emit("explained_variance", lambda: m.explained_variance_score([[1.0], [1.0]], [[2.0], [2.0]]), actual=[[1.0], [1.0]], predicted=[[2.0], [2.0]])
emit("explained_variance", lambda: m.explained_variance_score([[1.0], [1.0]], [[2.0], [3.0]]), actual=[[1.0], [1.0]], predicted=[[2.0], [3.0]])
