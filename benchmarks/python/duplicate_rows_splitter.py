"""The splitter alone, for cv.DuplicateRowsBench's splitter mode (Debian /usr/bin/python3).

usage: duplicate_rows_splitter.py DATA_DIR DATASET DROP_COLS SPEC [TRAIN:VALIDATION:TEST] -> one
JSON object. SPEC is comma-separated ASSIGNER:SEED=FILE items: FILE is Refinery's assignment (a CSV
written by the Java bench: the feature columns, label, then fold, or split for
TrainValidationTestSplit, then repeat for the repeated assigner, then the group column for the
group assigners, of every row). The same scikit-learn models as duplicate_rows.py (XGBClassifier,
LogisticRegression, DecisionTreeClassifier) are scored on Refinery's assignment and on
scikit-learn's own splitter of the same kind with random_state=SEED, so the model is the same and
only the splitter differs:
  kfold               KFold(5, shuffle=True)
  stratified          StratifiedKFold(5, shuffle=True)
  repeated-stratified RepeatedStratifiedKFold(5, n_repeats = Refinery's repeats); AUC per (repeat,
                      fold)
  tvt, tvt-stratified train_test_split twice (test, then validation out of the rest) with the
                      fractions TRAIN:VALIDATION:TEST, shuffle, stratify=y for tvt-stratified; the
                      model is fitted on the train part and scored on the test part ("ASSIGNER
                      test") and on the validation part ("ASSIGNER validation")
  group               GroupKFold(5) on the groups relabelled by a permutation seeded with SEED
                      (scikit-learn 1.2's GroupKFold has no shuffle; equal-size groups would
                      otherwise always be dealt in one order)
  stratified-group    StratifiedGroupKFold(5, shuffle=True)
The group is the dataset's group_column (metadata.json), never a feature.

Matching rows: rows with the same features and label (and group, for the group assigners) are
identical (the table is the CSV without DROP_COLS), hence interchangeable; Refinery's folds of a
content are given to this table's rows of that content in file order. Train and test sets are then
exactly Refinery's, as multisets of rows. "one_fold_sets": sets of >= 5 rows identical on features
and label that sit in one fold (one split for tvt), summed over repeats ("sets" likewise).

Output: {"ASSIGNER": {"SEED": {"refinery"|"sklearn": {"one_fold_sets", "sets",
"<model>": {"mean", "std", "aucs"}}}}}.
"""
import csv
import json
import sys
from collections import Counter, defaultdict

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import (GroupKFold, KFold, RepeatedStratifiedKFold,
                                     StratifiedGroupKFold, StratifiedKFold, train_test_split)

from duplicate_rows import load, models


def content_of(r, num, cat):
    # numbers as floats (Spark may write 1.0 for 1), categories as text
    return tuple([float(r[c]) for c in num] + [r[c] for c in cat] + [float(r["label"])])


def refinery_folds(path, keys, num, cat, group):
    """{repeat: fold (or split name) per row of the table}, from Refinery's exported assignment."""
    by_key = defaultdict(lambda: defaultdict(list))
    with open(path) as f:
        for r in csv.DictReader(f):
            key = content_of(r, num, cat) + ((float(r[group]),) if group else ())
            by_key[int(r.get("repeat", 0))][key].append(r["split"] if "split" in r else int(r["fold"]))
    out = {}
    for rep, by_content in sorted(by_key.items()):
        fold = [None] * len(keys)
        taken = Counter()
        for i, c in enumerate(keys):
            folds = by_content.get(c)
            if folds is None or taken[c] >= len(folds):
                raise SystemExit(f"row {i} ({c}) has no fold in {path} (repeat {rep}):"
                                 " not the same table")
            fold[i] = folds[taken[c]]
            taken[c] += 1
        left = sum(len(v) for v in by_content.values()) - len(keys)
        if left != 0:
            raise SystemExit(f"{path} has {left} rows more than the table (repeat {rep})")
        out[rep] = np.array(fold)
    return out


def one_fold(fold, contents, big):
    folds_of = {}
    for i, c in enumerate(contents):
        if c in big:
            folds_of.setdefault(c, set()).add(fold[i])
    return sum(1 for s in folds_of.values() if len(s) == 1)


def score(x, y, folds, contents, big):
    """folds: one fold array per repeat; AUC per (repeat, test fold)."""
    res = {"one_fold_sets": sum(one_fold(f.tolist(), contents, big) for f in folds),
           "sets": len(big) * len(folds)}
    for mname, make in models().items():
        aucs = []
        for fold in folds:
            for k in sorted(set(fold.tolist())):
                train, test = fold != k, fold == k
                m = make().fit(x[train], y[train])
                aucs.append(float(roc_auc_score(y[test], m.predict_proba(x[test])[:, 1])))
        res[mname] = {"mean": float(np.mean(aucs)), "std": float(np.std(aucs)), "aucs": aucs}
    return res


def score_split(x, y, split, contents, big):
    """split: 'train' / 'validation' / 'test' per row; {part: result} for the two held-out parts."""
    sets = one_fold(split.tolist(), contents, big)
    out = {p: {"one_fold_sets": sets, "sets": len(big)} for p in ("test", "validation")}
    train = split == "train"
    for mname, make in models().items():
        m = make().fit(x[train], y[train])
        for p in ("test", "validation"):
            part = split == p
            auc = float(roc_auc_score(y[part], m.predict_proba(x[part])[:, 1]))
            out[p][mname] = {"mean": auc, "std": 0.0, "aucs": [auc]}
    return out


def sklearn_folds(assigner, seed, x, y, groups):
    """scikit-learn's splitter of the same kind: one fold array per repeat."""
    if assigner == "repeated-stratified":
        raise AssertionError("handled by the caller")
    if assigner == "group":
        ids = np.unique(groups)
        relabel = dict(zip(ids, np.random.RandomState(seed).permutation(len(ids))))
        g = np.array([relabel[v] for v in groups])
        splits = GroupKFold(5).split(x, y, g)
    elif assigner == "stratified-group":
        splits = StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(x, y, groups)
    else:
        splits = {"kfold": KFold, "stratified": StratifiedKFold}[assigner](
            5, shuffle=True, random_state=seed).split(x, y)
    fold = np.zeros(len(y), dtype=int)
    for k, (_, test) in enumerate(splits):
        fold[test] = k
    return [fold]


def sklearn_split(seed, y, ratios, stratify):
    _, val_frac, test_frac = ratios
    idx = np.arange(len(y))
    rest, test = train_test_split(idx, test_size=test_frac, shuffle=True, random_state=seed,
                                  stratify=y if stratify else None)
    train, val = train_test_split(rest, test_size=val_frac / (1 - test_frac), shuffle=True,
                                  random_state=seed, stratify=y[rest] if stratify else None)
    split = np.array(["train"] * len(y), dtype=object)
    split[val] = "validation"
    split[test] = "test"
    return split


def main(data_dir, name, drop, spec, ratios):
    rows, num, cat, x, y = load(data_dir, name, drop)
    with open(f"{data_dir}/metadata.json") as f:
        group_col = json.load(f)[name].get("group_column")
    contents = [content_of(r, num, cat) for r in rows]
    big = {k for k, v in Counter(contents).items() if v >= 5}
    out = {}
    for item in spec.split(","):
        key, path = item.split("=", 1)
        assigner, seed = key.split(":")
        group = group_col if "group" in assigner else None
        keys = [c + (float(r[group]),) for c, r in zip(contents, rows)] if group else contents
        ours = refinery_folds(path, keys, num, cat, group)
        if assigner.startswith("tvt"):
            theirs = sklearn_split(int(seed), y, ratios, assigner == "tvt-stratified")
            o = score_split(x, y, ours[0], contents, big)
            t = score_split(x, y, theirs, contents, big)
            for p in ("test", "validation"):
                out.setdefault(f"{assigner} {p}", {})[seed] = {"refinery": o[p], "sklearn": t[p]}
            continue
        if assigner == "repeated-stratified":
            splits = RepeatedStratifiedKFold(n_splits=5, n_repeats=len(ours),
                                             random_state=int(seed)).split(x, y)
            theirs = [np.zeros(len(y), dtype=int) for _ in ours]
            for i, (_, test) in enumerate(splits):
                theirs[i // 5][test] = i % 5
        else:
            groups = np.array([r[group_col] for r in rows]) if group else None
            theirs = sklearn_folds(assigner, int(seed), x, y, groups)
        out.setdefault(assigner, {})[seed] = {
            "refinery": score(x, y, [ours[r] for r in sorted(ours)], contents, big),
            "sklearn": score(x, y, theirs, contents, big),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [] if sys.argv[3] == "-" else sys.argv[3].split(","),
         sys.argv[4],
         [float(v) for v in (sys.argv[5] if len(sys.argv) > 5 else "0.7:0.15:0.15").split(":")])
