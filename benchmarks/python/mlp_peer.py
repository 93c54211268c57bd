"""scikit-learn's MLP on the folds of neural.NeuralVsMlpBench (Debian /usr/bin/python3).

usage: mlp_peer.py CSV TASK NUM_NUMERIC HIDDEN VARIANT  -> one JSON object per line on stdout
  CSV: written by the benchmark, columns f0..f{d-1}, label, fold (the feature matrix the Java side
       trains on: numeric columns first, then one-hot columns)
  TASK: binary | multiclass | regression
  NUM_NUMERIC: the first NUM_NUMERIC columns are numeric and get a StandardScaler (fitted on the
       training fold); the one-hot columns are passed as they are (scikit-learn's usual pipeline,
       as in ../shared/data/reference)
  HIDDEN: hidden layer sizes, e.g. 32 or 64,32
  VARIANT: default = MLPClassifier/MLPRegressor at their defaults but hidden_layer_sizes;
           es = the same with early_stopping=True (validation_fraction 0.1, n_iter_no_change 10)
  The regressor's label is standardised on the training fold (TransformedTargetRegressor with a
  StandardScaler), as in the shared reference results.
Output: {"variant", "per_fold": [{"fold", "fit_s", "predict_s", metrics...}], "n_iter": [...]}.
"""
import csv
import json
import sys
import time

import numpy as np
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, roc_auc_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler


def main(path, task, num_numeric, hidden, variant):
    with open(path) as f:
        rows = list(csv.reader(f))
    head, rows = rows[0], np.array(rows[1:], dtype=float)
    d = head.index("label")
    x, y, fold = rows[:, :d], rows[:, d], rows[:, d + 1].astype(int)
    sizes = tuple(int(h) for h in hidden.split(",") if h)
    extra = {"early_stopping": True} if variant == "es" else {}
    pre = ColumnTransformer([("num", StandardScaler(), list(range(num_numeric)))],
                            remainder="passthrough")
    out = []
    iters = []
    for k in sorted(set(fold)):
        tr, te = fold != k, fold == k
        if task == "regression":
            est = TransformedTargetRegressor(
                MLPRegressor(hidden_layer_sizes=sizes, random_state=42, **extra),
                transformer=StandardScaler())
            ytr = y[tr]
        else:
            est = MLPClassifier(hidden_layer_sizes=sizes, random_state=42, **extra)
            ytr = y[tr].astype(int)
        model = Pipeline([("pre", pre), ("mlp", est)])
        t0 = time.perf_counter()
        model.fit(x[tr], ytr)
        fit_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        r = {"fold": int(k)}
        if task == "regression":
            pred = model.predict(x[te])
            r["rmse"] = float(np.sqrt(mean_squared_error(y[te], pred)))
            r["mae"] = float(np.mean(np.abs(y[te] - pred)))
            iters.append(int(model.named_steps["mlp"].regressor_.n_iter_))
        else:
            proba = model.predict_proba(x[te])
            pred = model.classes_[np.argmax(proba, axis=1)]
            r["accuracy"] = float(accuracy_score(y[te].astype(int), pred))
            if task == "binary":
                r["auc"] = float(roc_auc_score(y[te].astype(int), proba[:, 1]))
            else:
                r["macro_f1"] = float(f1_score(y[te].astype(int), pred, average="macro"))
            iters.append(int(model.named_steps["mlp"].n_iter_))
        r["predict_s"] = time.perf_counter() - t0
        r["fit_s"] = fit_s
        out.append(r)
    print(json.dumps({"variant": variant, "per_fold": out, "n_iter": iters}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
