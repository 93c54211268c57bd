"""Optuna peer for ai.refinery.benchmarks.tuning.RegretBench.

Runs Optuna's TPESampler (default and multivariate) and RandomSampler on Branin and Hartmann6 and
prints one JSON line per run: {"fn", "sampler", "batch", "seed", "trace"}, trace[k] = best value
after k+1 evaluations. With --batch B the ask/tell loop asks B trials before telling any.
Usage: /usr/bin/python3 tuning_regret_optuna.py --seeds 20 --evals 100 --batch 1
"""
import argparse
import json
import math
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    r = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - r) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
     [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
     [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
     [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(t):
    x = [t.suggest_float("x%d" % (i + 1), 0, 1) for i in range(6)]
    s = 0.0
    for i in range(4):
        inner = sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))
        s += ALPHA[i] * math.exp(-inner)
    return -s


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6}


def sampler(name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe_multivariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(name)


def run(fn, sname, seed, evals, batch):
    study = optuna.create_study(direction="minimize", sampler=sampler(sname, seed))
    best = float("inf")
    trace = []
    while len(trace) < evals:
        n = min(batch, evals - len(trace))
        trials = [study.ask() for _ in range(n)]
        values = [FUNCTIONS[fn](t) for t in trials]
        for t, v in zip(trials, values):
            study.tell(t, v)
            best = min(best, v)
            trace.append(best)
    return trace


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--evals", type=int, default=100)
    ap.add_argument("--batch", type=int, nargs="+", default=[1])
    ap.add_argument("--functions", nargs="+", default=["branin", "hartmann6"])
    ap.add_argument("--samplers", nargs="+", default=["tpe", "tpe_multivariate", "random"])
    a = ap.parse_args()
    for batch in a.batch:
        for fn in a.functions:
            for s in a.samplers:
                for seed in range(a.seeds):
                    trace = run(fn, s, seed, a.evals, batch)
                    print(json.dumps({"fn": fn, "sampler": "optuna_" + s, "batch": batch,
                                      "seed": seed, "trace": trace}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
