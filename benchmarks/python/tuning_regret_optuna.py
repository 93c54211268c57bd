"""Optuna peer for ai.refinery.benchmarks.tuning.RegretBench.

Runs Optuna's samplers (TPE multivariate, CMA-ES, random by default; --samplers) on the suite of
RegretBench (TestFunctions.java holds the same definitions) and
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


def box(d, lo, hi, f):
    def objective(t):
        return f([t.suggest_float("x%d" % (i + 1), lo, hi) for i in range(d)])
    return objective


def ackley(x):
    d = len(x)
    s1 = sum(v * v for v in x)
    s2 = sum(math.cos(2 * math.pi * v) for v in x)
    return -20 * math.exp(-0.2 * math.sqrt(s1 / d)) - math.exp(s2 / d) + 20 + math.e


def rastrigin(x):
    return 10 * len(x) + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in x)


def michalewicz(x):
    return -sum(math.sin(v) * math.sin((i + 1) * v * v / math.pi) ** 20 for i, v in enumerate(x))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def schwefel(x):
    return 418.9829 * len(x) - sum(v * math.sin(math.sqrt(abs(v))) for v in x)


def griewank(x):
    p = 1.0
    for i, v in enumerate(x):
        p *= math.cos(v / math.sqrt(i + 1))
    return sum(v * v for v in x) / 4000 - p + 1


CAT_SIZES = [3, 5, 8]


def mixed(d):
    n_log, n_int, n_cat, n_lin = (2, 2, 2, 2) if d == 8 else (3, 4, 3, 5)

    def objective(t):
        lr = [t.suggest_float("lr%d" % i, 1e-5, 1, log=True) for i in range(n_log)]
        n = [t.suggest_int("n%d" % i, 1, 50 * (i + 1)) for i in range(n_int)]
        cat = [t.suggest_categorical("cat%d" % i, ["c%d" % k for k in range(CAT_SIZES[i])])
               for i in range(n_cat)]
        z = [t.suggest_float("z%d" % i, -1, 1) for i in range(n_lin)]
        f = 0.0
        for i in range(n_log):
            u = math.log10(lr[i]) - (-3.0 + i)
            f += 0.5 * u * u
        for i in range(n_int):
            f += abs(n[i] - (7 + 11 * i)) / (10.0 * (i + 1))
        for i in range(n_cat):
            k = int(cat[i][1:])
            f += 0 if k == (i + 1) % CAT_SIZES[i] else 0.3 + 0.1 * ((k + i) % 3)
        for i in range(n_lin):
            u = z[i] - (0.35 - 0.2 * i)
            f += u * u + 0.2 * (1 - math.cos(4 * math.pi * u))
        f += 0.05 * abs((math.log10(lr[0]) + 3.0) * (n[0] - 7))
        return f
    return objective


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6,
             "ackley5": box(5, -32.768, 32.768, ackley),
             "rastrigin4": box(4, -5.12, 5.12, rastrigin),
             "michalewicz5": box(5, 0, math.pi, michalewicz),
             "rosenbrock4": box(4, -5, 10, rosenbrock),
             "schwefel4": box(4, -500, 500, schwefel),
             "griewank6": box(6, -600, 600, griewank),
             "mixed8": mixed(8), "mixed15": mixed(15)}


def sampler(name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe_multivariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False)
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
    ap.add_argument("--samplers", nargs="+", default=["tpe_multivariate", "cmaes", "random"])
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
