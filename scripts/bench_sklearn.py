#!/usr/bin/python3
"""Time scikit-learn's own single-row predict, the baseline bench/predict
compares Slipway against.

Run with Debian's python3 (apt-get install python3-sklearn):

    /usr/bin/python3 scripts/bench_sklearn.py [--seconds 2] [model-file ...]

Each model file (by default the three benchmark models in testdata/sklearn)
is loaded the way a service would (joblib.load), then called with one row at
a time as a (1, n) float64 array built beforehand, cycling through the rows
of the expected.json beside it. After a warm-up, every call is timed on its
own; the JSON printed on stdout gives the median and 99th percentile
(nearest rank) in microseconds.
"""
import argparse
import json
import math
import os
import platform
import sys
import time

import joblib
import numpy as np
import sklearn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "sklearn")

# The benchmark models bench/predict passes when it runs this script.
MODELS = [
    os.path.join(ROOT, "bench_lr30", "model.p4.pkl"),
    os.path.join(ROOT, "bench_rf100", "model.xz.joblib"),
    os.path.join(ROOT, "bench_svc", "model.p4.pkl"),
]
WARMUP = 50
MIN_CALLS = 200
MAX_CALLS = 100000


def percentile(sorted_ns, p):
    """Nearest-rank percentile, as bench/predict computes it."""
    k = max(1, math.ceil(p / 100 * len(sorted_ns)))
    return sorted_ns[k - 1]


def bench(path, seconds):
    d = os.path.dirname(path)
    est = joblib.load(path)
    with open(os.path.join(d, "expected.json")) as f:
        X = np.asarray(json.load(f)["X"], dtype=np.float64)
    rows = [X[i:i + 1] for i in range(len(X))]
    for i in range(WARMUP):
        est.predict(rows[i % len(rows)])
    times = []
    deadline = time.perf_counter() + seconds
    while len(times) < MAX_CALLS and (len(times) < MIN_CALLS or time.perf_counter() < deadline):
        row = rows[len(times) % len(rows)]
        t0 = time.perf_counter_ns()
        est.predict(row)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return {
        "model": os.path.basename(os.path.abspath(d)),
        "file": path,
        "class": type(est).__name__,
        "calls": len(times),
        "p50_us": percentile(times, 50) / 1e3,
        "p99_us": percentile(times, 99) / 1e3,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="time budget per model")
    ap.add_argument("models", nargs="*", default=MODELS, help="model files to time")
    args = ap.parse_args()
    out = {
        "python": platform.python_version(),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "models": [bench(m, args.seconds) for m in args.models],
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
