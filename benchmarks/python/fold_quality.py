"""scikit-learn's fold-quality figures for cv.FoldQualityBench (Debian /usr/bin/python3).

usage: fold_quality.py DATA_DIR SEEDS   -> one JSON object per line:
  {"dataset", "splitter", "seed", "max_count_dev", "max_prop_dev", "size_spread",
   "disjoint", "groups_split"}
Statistics, same formulas as the Java side:
  max_count_dev = max over test folds and classes of |n(class, fold) - n(class) / k|
  max_prop_dev  = max over test folds and classes of |share of class in fold - global share|
  size_spread   = largest minus smallest test fold (rows)
  disjoint      = every group lies in exactly one test fold; groups_split = groups in > 1 fold
"""
import csv
import json
import sys

import numpy as np
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold, StratifiedKFold

K = 5
DATASETS = {"credit_g": None, "breast_cancer": None, "pima2": None, "satellite": None,
            "verbagg": "subject_id"}


def load(data_dir, name, group_col):
    with open(f"{data_dir}/{name}.csv") as f:
        rows = list(csv.DictReader(f))
    y = np.array([int(float(r["label"])) for r in rows])
    g = np.array([r[group_col] for r in rows]) if group_col else None
    return y, g


def stats(y, g, folds):
    classes, totals = np.unique(y, return_counts=True)
    n = len(y)
    count_dev = prop_dev = 0.0
    sizes = []
    for f in range(K):
        idx = folds == f
        sizes.append(int(idx.sum()))
        for c, t in zip(classes, totals):
            nc = int((y[idx] == c).sum())
            count_dev = max(count_dev, abs(nc - t / K))
            prop_dev = max(prop_dev, abs(nc / idx.sum() - t / n))
    out = {"max_count_dev": count_dev, "max_prop_dev": prop_dev,
           "size_spread": max(sizes) - min(sizes)}
    if g is not None:
        split = 0
        for grp in np.unique(g):
            if len(np.unique(folds[g == grp])) > 1:
                split += 1
        out["disjoint"] = split == 0
        out["groups_split"] = split
    return out


def fold_ids(splitter, y, g):
    folds = np.full(len(y), -1)
    for f, (_, test) in enumerate(splitter.split(np.zeros(len(y)), y, g)):
        folds[test] = f
    return folds


def main():
    data_dir, seeds = sys.argv[1], [int(s) for s in sys.argv[2].split(",")]
    for name, group_col in DATASETS.items():
        y, g = load(data_dir, name, group_col)
        runs = [("stratified_kfold", s, StratifiedKFold(K, shuffle=True, random_state=s))
                for s in seeds]
        if group_col:
            runs.append(("group_kfold", -1, GroupKFold(K)))
            runs.append(("stratified_group_kfold", -1, StratifiedGroupKFold(K)))
            runs += [("stratified_group_kfold_shuffle", s,
                      StratifiedGroupKFold(K, shuffle=True, random_state=s)) for s in seeds]
        for splitter_name, seed, splitter in runs:
            rec = {"dataset": name, "splitter": splitter_name, "seed": seed}
            rec.update(stats(y, g, fold_ids(splitter, y, g)))
            print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
