#!/usr/bin/python3
"""Generate the scikit-learn test models and their reference outputs.

Run with Debian's python3 (apt-get install python3-sklearn python3-lz4 python3-pandas):

    /usr/bin/python3 scripts/gen_sklearn.py [family ...]

Each case becomes testdata/sklearn/<case>/ holding the fitted estimator
saved several ways (pickle protocols 2/4/5, joblib plain and compressed) and
expected.json with the rows it was asked about and scikit-learn's outputs
for every method the estimator has. Families live in scripts/sklearn_cases/
(one module per estimator family, each exposing cases() -> [Case]).
"""
import importlib
import json
import os
import pickle
import shutil
import sys

import joblib
import numpy as np
import sklearn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "sklearn")
FAMILIES = ["linear", "svm", "tree", "preprocess", "columns", "bench", "hist"]

# Every way a case may be saved: file name -> writer.
SAVERS = {
    "p2.pkl": lambda est, path: _pickle(est, path, 2),
    "p4.pkl": lambda est, path: _pickle(est, path, 4),
    "p5.pkl": lambda est, path: _pickle(est, path, 5),
    "joblib": lambda est, path: joblib.dump(est, path),
    "zlib.joblib": lambda est, path: joblib.dump(est, path, compress=("zlib", 3)),
    "gz.joblib": lambda est, path: joblib.dump(est, path, compress=("gzip", 3)),
    "bz2.joblib": lambda est, path: joblib.dump(est, path, compress=("bz2", 3)),
    "xz.joblib": lambda est, path: joblib.dump(est, path, compress=("xz", 3)),
    "lzma.joblib": lambda est, path: joblib.dump(est, path, compress=("lzma", 3)),
    "lz4.joblib": lambda est, path: joblib.dump(est, path, compress=("lz4", 3)),
}
DEFAULT_SAVES = ["p4.pkl"]


def _pickle(est, path, protocol):
    with open(path, "wb") as f:
        pickle.dump(est, f, protocol=protocol)


class Case:
    """One fitted estimator and the rows its outputs are recorded for.

    name: folder name, unique across families.
    est: the fitted estimator.
    X: rows to record outputs for (2-D array-like of numbers, or a pandas
       DataFrame for estimators fitted on named, typed columns).
    saves: which SAVERS to write (default: protocol 4 only, to keep testdata small).
    """

    def __init__(self, name, est, X, saves=None):
        self.name, self.est = name, est
        self.X = X if hasattr(X, "columns") else np.asarray(X)
        self.saves = saves or DEFAULT_SAVES


def _jsonable(v):
    if isinstance(v, np.ndarray):
        return [_jsonable(x) for x in v.tolist()] if v.ndim else _jsonable(v.item())
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        if f != f:
            return "NaN"
        if f in (float("inf"), float("-inf")):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, np.str_):
        return str(v)
    return v


def write(case):
    d = os.path.join(ROOT, case.name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    out = {
        "class": type(case.est).__name__,
        "sklearn_version": sklearn.__version__,
        "files": [],
    }
    if hasattr(case.X, "columns"):
        # One entry per DataFrame column, typed: a model fitted on a
        # DataFrame takes each column as a named input.
        out["columns"] = [
            {"name": c, ("strings" if case.X[c].dtype == object else "numbers"): _jsonable(case.X[c].to_numpy())}
            for c in case.X.columns]
    else:
        out["X"] = _jsonable(case.X)
    for method in ("predict", "predict_proba", "decision_function"):
        fn = getattr(case.est, method, None)
        if fn is None:
            continue
        try:
            out[method] = _jsonable(fn(case.X))
        except (AttributeError, NotImplementedError):
            continue
    for kind in case.saves:
        fname = "model." + kind
        SAVERS[kind](case.est, os.path.join(d, fname))
        out["files"].append(fname)
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")


def main(argv):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    families = argv or FAMILIES
    for fam in families:
        mod = importlib.import_module("sklearn_cases." + fam)
        for case in mod.cases():
            write(case)
            print(fam, case.name, case.saves)


if __name__ == "__main__":
    main(sys.argv[1:])
