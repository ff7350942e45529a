"""Known-answer comparison for `fnet train` on a raw table (issue #25): a generated mixed table with gaps and text
columns, trained by scikit-learn's ColumnTransformer(SimpleImputer, StandardScaler / SimpleImputer, OneHotEncoder)
+ MLPClassifier and by `fnet train` with the same network, both scored on the same test file.

Usage: /usr/bin/python3 docs/tables/compare_sklearn.py PATH/TO/fnet [WORKDIR]
Needs numpy and scikit-learn (apt: python3-sklearn). Output is recorded in docs/guide.md ("A real table").
"""
import csv, os, subprocess, sys
import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC, CATEGORICAL = ["age", "income", "hours", "score"], ["job", "city", "grade"]
JOBS, CITIES, GRADES = ["clerk", "driver", "engineer", "nurse", "teacher"], [f"c{i}" for i in range(12)], ["4", "6", "8", "rotary"]


def table(rng, n):
    """Rows of a mixed table whose class depends on numbers and categories, with about 8% of cells missing."""
    rows = []
    for i in range(n):
        age, income, hours, score = rng.normal(40, 12), rng.lognormal(10, 0.5), rng.normal(38, 8), rng.normal(0, 1)
        job, city, grade = rng.choice(JOBS), rng.choice(CITIES, p=np.r_[[0.3, 0.2, 0.1], np.full(9, 0.4 / 9)]), rng.choice(GRADES)
        logit = 0.06 * (age - 40) + 0.8 * (np.log(income) - 10) + 0.05 * (hours - 38) + score \
            + {"engineer": 1.2, "nurse": 0.5, "teacher": 0.2, "clerk": -0.6, "driver": -0.9}[job] + (0.7 if city in ("c0", "c3") else 0) \
            + (-0.8 if grade == "rotary" else 0)
        y = "yes" if logit + rng.logistic() > 0 else "no"
        cells = [f"{age:.1f}", f"{income:.0f}", f"{hours:.1f}", f"{score:.3f}", job, city, grade]
        cells = [("" if k % 2 else "NA") if rng.random() < 0.08 else c for k, c in enumerate(cells)]
        rows.append([str(i)] + cells + [y])
    return rows


def write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id"] + NUMERIC + CATEGORICAL + ["y"])
        w.writerows(rows)


def arrays(rows):
    x = np.array([r[1:-1] for r in rows], dtype=object)
    x[(x == "") | (x == "NA")] = np.nan
    num = x[:, :4].astype(float)
    cat = x[:, 4:]
    return np.concatenate([num.astype(object), cat], axis=1), np.array([r[-1] for r in rows])


def main():
    fnet = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else "/tmp/fnet-tables"
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(25)
    train, test = table(rng, 2000), table(rng, 1000)
    write(f"{work}/t_train.csv", train)
    write(f"{work}/t_test.csv", test)
    xtr, ytr = arrays(train)
    xte, yte = arrays(test)
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), [0, 1, 2, 3]),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), [4, 5, 6])])
    accuracies = []
    for seed in range(3):
        model = make_pipeline(pre, MLPClassifier(hidden_layer_sizes=(16,), activation="relu", solver="adam", learning_rate_init=0.001,
                                                 batch_size=64, max_iter=100, alpha=0.0, tol=0.0, n_iter_no_change=1000, random_state=seed))
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(xtr, ytr)
        accuracies.append(model.score(xte, yte))
    print(f"scikit-learn {__import__('sklearn').__version__} ColumnTransformer + MLPClassifier(16 relu, adam 0.001, batch 64, 100 epochs): "
          f"test accuracy {np.mean(accuracies):.4f} (seeds 0-2: {', '.join(f'{a:.4f}' for a in accuracies)})")
    fnet_acc = []
    for seed in range(3):
        out = subprocess.run([fnet, "train", "--data", f"{work}/t_train.csv", "--test-data", f"{work}/t_test.csv", "--label", "y", "--drop", "id",
                              "--layers", "16", "--activation", "relu", "--optimizer", "adam", "--lr", "0.001", "--batch-size", "64",
                              "--epochs", "100", "--patience", "0", "--seed", str(seed), "--out", f"{work}/model{seed}"],
                             capture_output=True, text=True, check=True).stdout
        if seed == 0:
            print(next(line for line in out.splitlines() if line.startswith("table")))
        fnet_acc.append(float(next(line for line in out.splitlines() if line.startswith("accuracy")).split()[-1]))
    print(f"fnet train (same network, defaults otherwise): test accuracy {np.mean(fnet_acc):.4f} (seeds 0-2: {', '.join(f'{a:.4f}' for a in fnet_acc)})")
    print(f"difference {abs(np.mean(fnet_acc) - np.mean(accuracies)):.4f} (done-when: within 0.03)")


if __name__ == "__main__":
    main()
