"""scikit-learn's figures for cv.DuplicateRowsBench (Debian /usr/bin/python3).

usage: duplicate_rows.py DATA_DIR DATASET DROP_COLS MEMBERS -> one JSON object:
  {"splitters": {"kfold"|"stratified": {"<model>": {"mean", "std"}, "one_fold_sets",
   "sets"}}, "bagging": {"oob_accuracy", "oob_auc"}}
The table is <DATASET>.csv without DROP_COLS (comma-separated; '-' for none), so that rows with the
same features and label are exact twins. Numeric features as they are, categorical ones one-hot
encoded. Splitters: KFold(5, shuffle=True, random_state=42) and StratifiedKFold(5, shuffle=True,
random_state=42); models: XGBClassifier(200 rounds, depth 6, eta 0.1, hist), LogisticRegression(C=1,
on standardised features), DecisionTreeClassifier(max_depth=30) (memorises repeated feature
vectors); the figure is ROC AUC per test fold, mean and std over the 5 folds. Bagging:
BaggingClassifier(DecisionTreeClassifier(max_depth=30), MEMBERS, oob_score=True, random_state=42)
on the whole table: out-of-bag accuracy and ROC AUC.
"""
import csv
import json
import sys
from collections import Counter

import numpy as np
from sklearn.ensemble import BaggingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier
from xgboost import XGBClassifier


def models():
    return {
        "xgboost": lambda: XGBClassifier(n_estimators=200, max_depth=6, learning_rate=0.1,
                                         tree_method="hist", n_jobs=1, random_state=42),
        "logreg": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0,
                                                                             max_iter=1000)),
        "tree": lambda: DecisionTreeClassifier(max_depth=30, random_state=42),
    }


def load(data_dir, name, drop):
    """The table's rows, numeric and categorical columns (without drop), one-hot x and label y."""
    with open(f"{data_dir}/metadata.json") as f:
        meta = json.load(f)[name]
    with open(f"{data_dir}/{name}.csv") as f:
        rows = list(csv.DictReader(f))
    num = [c for c in meta["numeric_features"] if c not in drop]
    cat = [c for c in meta["categorical_features"] if c not in drop]
    x = np.array([[float(r[c]) for c in num] for r in rows]).reshape(len(rows), len(num))
    if cat:
        enc = OneHotEncoder(sparse_output=False, handle_unknown="ignore")
        x = np.hstack([x, enc.fit_transform(np.array([[r[c] for c in cat] for r in rows]))])
    y = np.array([int(float(r["label"])) for r in rows])
    return rows, num, cat, x, y


def main(data_dir, name, drop, members):
    rows, num, cat, x, y = load(data_dir, name, drop)
    content = [tuple(r[c] for c in num + cat + ["label"]) for r in rows]
    counts = Counter(content)
    big = {k for k, v in counts.items() if v >= 5}
    out = {"rows": len(rows), "distinct": len(counts), "splitters": {}}
    for sname, splitter in (("kfold", KFold(5, shuffle=True, random_state=42)),
                            ("stratified", StratifiedKFold(5, shuffle=True, random_state=42))):
        fold = np.zeros(len(rows), dtype=int)
        for k, (_, test) in enumerate(splitter.split(x, y)):
            fold[test] = k
        folds_of = {}
        for i, c in enumerate(content):
            if c in big:
                folds_of.setdefault(c, set()).add(int(fold[i]))
        res = {"one_fold_sets": sum(1 for s in folds_of.values() if len(s) == 1),
               "sets": len(big)}
        for mname, make in models().items():
            aucs = []
            for k in range(5):
                train, test = fold != k, fold == k
                m = make().fit(x[train], y[train])
                aucs.append(roc_auc_score(y[test], m.predict_proba(x[test])[:, 1]))
            res[mname] = {"mean": float(np.mean(aucs)), "std": float(np.std(aucs))}
        out["splitters"][sname] = res
    bag = BaggingClassifier(DecisionTreeClassifier(max_depth=30), n_estimators=members,
                            oob_score=True, random_state=42).fit(x, y)
    dec = bag.oob_decision_function_[:, 1]
    ok = ~np.isnan(dec)
    out["bagging"] = {"oob_accuracy": float(bag.oob_score_),
                      "oob_auc": float(roc_auc_score(y[ok], dec[ok]))}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [] if sys.argv[3] == "-" else sys.argv[3].split(","),
         int(sys.argv[4]))
