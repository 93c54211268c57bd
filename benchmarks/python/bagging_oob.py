"""scikit-learn's out-of-bag figures for ensembles.EnsembleBench (Debian /usr/bin/python3).

usage: bagging_oob.py DATA_DIR DATASET MEMBERS  -> one JSON object:
  {"dataset", "members", "oob": mean over the 5 training folds of oob_score_,
   "cv": mean 5-fold test accuracy, "diff": |oob - cv|}
Same protocol as the Java side: scikit-learn's exact StratifiedKFold(5, shuffle, 42) folds from
folds/<name>_folds.csv, numeric features as they are and categorical ones one-hot encoded, and
BaggingClassifier(DecisionTreeClassifier(), n_estimators=MEMBERS, random_state=42) as in the
reference results' bagging_trees.
"""
import csv
import json
import sys

import numpy as np
from sklearn.ensemble import BaggingClassifier
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier


def main(data_dir, name, members):
    with open(f"{data_dir}/metadata.json") as f:
        meta = json.load(f)[name]
    with open(f"{data_dir}/{name}.csv") as f:
        rows = list(csv.DictReader(f))
    num, cat = meta["numeric_features"], meta["categorical_features"]
    x = np.array([[float(r[c]) for c in num] for r in rows])
    if cat:
        enc = OneHotEncoder(sparse_output=False, handle_unknown="ignore")
        x = np.hstack([x, enc.fit_transform(np.array([[r[c] for c in cat] for r in rows]))])
    y = np.array([int(float(r["label"])) for r in rows])
    with open(f"{data_dir}/folds/{name}_folds.csv") as f:
        fold_of = {int(r["row"]): int(r["fold_stratified_kfold_shuffle_seed42"])
                   for r in csv.DictReader(f)}
    fold = np.array([fold_of[i] for i in range(len(rows))])
    oob, acc = [], []
    for k in range(5):
        train, test = fold != k, fold == k
        model = BaggingClassifier(DecisionTreeClassifier(), n_estimators=members,
                                  oob_score=True, random_state=42).fit(x[train], y[train])
        oob.append(model.oob_score_)
        acc.append(float((model.predict(x[test]) == y[test]).mean()))
    print(json.dumps({"dataset": name, "members": members, "oob": float(np.mean(oob)),
                      "cv": float(np.mean(acc)),
                      "diff": abs(float(np.mean(oob)) - float(np.mean(acc)))}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
