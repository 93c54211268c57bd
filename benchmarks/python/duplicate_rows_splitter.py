"""The splitter alone, for cv.DuplicateRowsBench's splitter mode (Debian /usr/bin/python3).

usage: duplicate_rows_splitter.py DATA_DIR DATASET DROP_COLS SPEC -> one JSON object. SPEC is
comma-separated ASSIGNER:SEED=FILE items: FILE is Refinery's fold assignment (a CSV written by the
Java bench: the feature columns, label and fold of every row). The same scikit-learn models as
duplicate_rows.py (XGBClassifier, LogisticRegression, DecisionTreeClassifier) are scored on
Refinery's folds and on scikit-learn's own splitter of the same kind (KFold / StratifiedKFold, 5
folds, shuffle, random_state=SEED), so the model is the same and only the splitter differs.

Matching rows: rows with the same features and label are identical (the table is the CSV without
DROP_COLS), hence interchangeable; Refinery's folds of a content are given to this table's rows of
that content in file order. Train and test sets are then exactly Refinery's, as multisets of rows.

Output: {"ASSIGNER": {"SEED": {"refinery"|"sklearn": {"one_fold_sets", "sets",
"<model>": {"mean", "std", "aucs"}}}}}.
"""
import csv
import json
import sys
from collections import Counter, defaultdict

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold

from duplicate_rows import load, models


def content_of(r, num, cat):
    # numbers as floats (Spark may write 1.0 for 1), categories as text
    return tuple([float(r[c]) for c in num] + [r[c] for c in cat] + [float(r["label"])])


def refinery_folds(path, contents, num, cat):
    by_content = defaultdict(list)
    with open(path) as f:
        for r in csv.DictReader(f):
            by_content[content_of(r, num, cat)].append(int(r["fold"]))
    fold = np.full(len(contents), -1, dtype=int)
    taken = Counter()
    for i, c in enumerate(contents):
        folds = by_content.get(c)
        if folds is None or taken[c] >= len(folds):
            raise SystemExit(f"row {i} ({c}) has no fold in {path}: not the same table")
        fold[i] = folds[taken[c]]
        taken[c] += 1
    left = sum(len(v) for v in by_content.values()) - len(contents)
    if left != 0:
        raise SystemExit(f"{path} has {left} rows more than the table")
    return fold


def score(x, y, fold, contents, big):
    folds_of = {}
    for i, c in enumerate(contents):
        if c in big:
            folds_of.setdefault(c, set()).add(int(fold[i]))
    res = {"one_fold_sets": sum(1 for s in folds_of.values() if len(s) == 1), "sets": len(big)}
    for mname, make in models().items():
        aucs = []
        for k in sorted(set(fold.tolist())):
            train, test = fold != k, fold == k
            m = make().fit(x[train], y[train])
            aucs.append(float(roc_auc_score(y[test], m.predict_proba(x[test])[:, 1])))
        res[mname] = {"mean": float(np.mean(aucs)), "std": float(np.std(aucs)), "aucs": aucs}
    return res


def main(data_dir, name, drop, spec):
    rows, num, cat, x, y = load(data_dir, name, drop)
    contents = [content_of(r, num, cat) for r in rows]
    big = {k for k, v in Counter(contents).items() if v >= 5}
    out = {}
    for item in spec.split(","):
        key, path = item.split("=", 1)
        assigner, seed = key.split(":")
        splitter = {"kfold": KFold, "stratified": StratifiedKFold}[assigner](
            5, shuffle=True, random_state=int(seed))
        theirs = np.zeros(len(rows), dtype=int)
        for k, (_, test) in enumerate(splitter.split(x, y)):
            theirs[test] = k
        ours = refinery_folds(path, contents, num, cat)
        out.setdefault(assigner, {})[seed] = {
            "refinery": score(x, y, ours, contents, big),
            "sklearn": score(x, y, theirs, contents, big),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [] if sys.argv[3] == "-" else sys.argv[3].split(","),
         sys.argv[4])
