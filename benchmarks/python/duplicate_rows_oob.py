"""Bagging's sampler alone, for cv.DuplicateRowsBench's oob mode (Debian /usr/bin/python3).

usage: duplicate_rows_oob.py SEED=FILE[,SEED=FILE...] MEMBERS -> one JSON object:
  {"refinery": [{"seed", "oob_accuracy", "oob_auc"}, ...], "sklearn": [...same...]}
Each FILE (written by the bench) holds the table as Refinery featurised it (f0.., label) and
Refinery's in-bag count of every row in each member (c0..c<MEMBERS-1>) for that seed.
"refinery": one DecisionTreeClassifier(max_depth=30) per member fitted on all rows with the in-bag
counts as sample weights (so on exactly Refinery's in-bag rows, as scikit-learn's own bagging fits
its trees), each row scored by the members that left it out (mean of predict_proba), then
out-of-bag accuracy and ROC AUC. "sklearn": BaggingClassifier(DecisionTreeClassifier(max_depth=30),
MEMBERS, oob_score=True, random_state=SEED) on the same table.
"sklearn_sampler": the sampler-only peer: the same procedure as "refinery" (same trees, same
aggregation) on scikit-learn's own bootstrap draws (per member, n row indices drawn with
replacement by numpy's RandomState, as BaggingClassifier draws them), over at least 10 seeds, so
that the only difference from "refinery" is whose sampler chose the in-bag rows.
"""
import csv
import json
import sys
import warnings

import numpy as np
from sklearn.ensemble import BaggingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.tree import DecisionTreeClassifier


def read(path, members):
    with open(path) as f:
        r = csv.reader(f)
        header = next(r)
        data = np.array([[float(v) for v in row] for row in r])
    k = header.index("label")
    return data[:, :k], data[:, k].astype(int), data[:, k + 1:k + 1 + members].astype(int)


def scores(y, proba, n):
    ok = n > 0
    dec = proba[ok] / n[ok, None]
    return {"oob_accuracy": float((dec.argmax(axis=1) == y[ok]).mean()),
            "oob_auc": float(roc_auc_score(y[ok], dec[:, 1])),
            "rows_without_oob": int((~ok).sum())}


def ours(x, y, counts, seed):
    classes = np.unique(y)
    proba = np.zeros((len(y), len(classes)))
    n = np.zeros(len(y))
    rng = np.random.RandomState(seed)
    for m in range(counts.shape[1]):
        w = counts[:, m]
        tree = DecisionTreeClassifier(max_depth=30, random_state=rng.randint(2**31 - 1))
        tree.fit(x, y, sample_weight=w.astype(float))
        oob = w == 0
        p = tree.predict_proba(x[oob])
        for j, c in enumerate(tree.classes_):
            proba[oob, np.searchsorted(classes, c)] += p[:, j]
        n[oob] += 1
    return scores(y, proba, n)


def theirs(x, y, members, seed):
    bag = BaggingClassifier(DecisionTreeClassifier(max_depth=30), n_estimators=members,
                            oob_score=True, random_state=seed).fit(x, y)
    dec = bag.oob_decision_function_
    ok = ~np.isnan(dec[:, 1])
    # accuracy over the rows that have out-of-bag members, as on our side (oob_score_ counts the
    # others as class 0; with 50 members there are none in practice)
    return {"oob_accuracy": float((dec[ok].argmax(axis=1) == y[ok]).mean()),
            "oob_auc": float(roc_auc_score(y[ok], dec[ok, 1])),
            "rows_without_oob": int((~ok).sum())}


def sklearn_counts(n, members, seed):
    rng = np.random.RandomState(seed)
    return np.stack([np.bincount(rng.randint(0, n, n), minlength=n) for _ in range(members)],
                    axis=1)


def main(spec, members):
    warnings.simplefilter("ignore")
    out = {"refinery": [], "sklearn": [], "sklearn_sampler": []}
    seeds = []
    for item in spec.split(","):
        seed, path = item.split("=", 1)
        x, y, counts = read(path, members)
        r = ours(x, y, counts, int(seed))
        r["seed"] = int(seed)
        r["mean_in_bag"] = float(counts.sum(axis=0).mean() / len(y))
        out["refinery"].append(r)
        t = theirs(x, y, members, int(seed))
        t["seed"] = int(seed)
        out["sklearn"].append(t)
        seeds.append(int(seed))
    peer_seeds = list(seeds) + [max(seeds) + 1 + i for i in range(max(0, 10 - len(seeds)))]
    for seed in peer_seeds:
        r = ours(x, y, sklearn_counts(len(y), members, seed), seed)
        r["seed"] = seed
        out["sklearn_sampler"].append(r)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
