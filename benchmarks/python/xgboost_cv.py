"""Python peer for cv.XGBoostLocalCvBench (Debian /usr/bin/python3 with python3-xgboost and
python3-sklearn): k-fold CV + refit on all rows of xgboost's XGBClassifier on Refinery's folds.

usage: xgboost_cv.py CSV_DIR ROUNDS DEPTH ETA N_JOBS
  CSV_DIR holds one CSV part file (no header): x0..x{d-1}, label, fold.
  N_JOBS: xgboost's n_jobs (0: xgboost's default, all cores).
Prints one JSON line: {"rows", "features", "folds", "fold_auc": [...], "mean_auc",
  "seconds": CV + refit wall time (fits and scoring; the CSV read is not counted),
  "load_seconds"}.
"""
import glob
import json
import sys
import time

import numpy as np
import xgboost
from sklearn.metrics import roc_auc_score


def main():
    csv_dir, rounds, depth, eta, n_jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
        float(sys.argv[4]), int(sys.argv[5])
    t0 = time.perf_counter()
    part = sorted(glob.glob(csv_dir + "/part-*"))[0]
    data = np.loadtxt(part, delimiter=",", dtype=np.float64, ndmin=2)
    x, y, fold = data[:, :-2].astype(np.float32), data[:, -2], data[:, -1].astype(int)
    load = time.perf_counter() - t0

    def model():
        return xgboost.XGBClassifier(
            n_estimators=rounds, max_depth=depth, learning_rate=eta, tree_method="hist",
            n_jobs=None if n_jobs == 0 else n_jobs, random_state=0)

    t0 = time.perf_counter()
    k = int(fold.max()) + 1
    aucs = []
    for f in range(k):
        train, test = fold != f, fold == f
        m = model().fit(x[train], y[train])
        aucs.append(float(roc_auc_score(y[test], m.predict_proba(x[test])[:, 1])))
    model().fit(x, y)  # the refit on all rows
    seconds = time.perf_counter() - t0
    print(json.dumps({"rows": int(len(y)), "features": int(x.shape[1]), "folds": k,
                      "fold_auc": aucs, "mean_auc": float(np.mean(aucs)), "seconds": seconds,
                      "load_seconds": load, "xgboost": xgboost.__version__}))


if __name__ == "__main__":
    main()
