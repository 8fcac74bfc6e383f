"""HistGradientBoostingClassifier and HistGradientBoostingRegressor.

Training rows carry NaNs so the fitted trees learn where missing values go
(missing_go_to_left). Probe rows include values on each fitted threshold:
HistGradientBoosting compares float64 features with float64 thresholds
(num_threshold), `<=` going left. Rows with NaNs are probed through a
DataFrame pipeline, as expected.json carries NaN only in named columns.
"""
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.pipeline import Pipeline

from gen_sklearn import Case
from sklearn_cases.data import classification, probe_rows, regression

SMALL = dict(max_iter=20, max_leaf_nodes=6, max_bins=32, random_state=0)


def with_nans(X, frac=0.1, seed=2):
    """X with a fraction of its entries replaced by NaN."""
    rng = np.random.RandomState(seed)
    X = X.copy()
    X[rng.uniform(size=X.shape) < frac] = np.nan
    return X


def threshold_rows(X, est, n_nodes=3):
    """Rows that put one feature on and just beside a split threshold of
    the first tree."""
    nodes = est._predictors[0][0].nodes
    base = np.nan_to_num(X[0])
    rows = []
    for nd in [n for n in nodes if not n["is_leaf"]][:n_nodes]:
        t = float(nd["num_threshold"])
        for v in (t, np.nextafter(t, np.inf), np.nextafter(t, -np.inf)):
            r = base.copy()
            r[nd["feature_idx"]] = v
            rows.append(r)
    return np.array(rows)


def _case(name, est, X, y):
    X = with_nans(X)
    est.fit(X, y)
    probes = np.nan_to_num(probe_rows(X, n=8))
    return Case(name, est, np.vstack([probes, threshold_rows(X, est)]))


def _nan_probes(name, est, X, y):
    """est fitted inside a passthrough ColumnTransformer on a DataFrame, so
    probe rows may hold NaN."""
    X = with_nans(X)
    cols = ["f%d" % j for j in range(X.shape[1])]
    pipe = Pipeline([
        ("pre", ColumnTransformer([("num", "passthrough", cols)])),
        ("est", est),
    ]).fit(pd.DataFrame(X, columns=cols), y)
    probes = with_nans(probe_rows(X, n=12), frac=0.3, seed=3)
    return Case(name, pipe, pd.DataFrame(probes, columns=cols))


def cases():
    Xr, yr = regression()
    Xb, yb = classification(n_classes=2)
    X3, y3 = classification(n_classes=3, labels="str")
    X3i, y3i = classification(n_classes=3, seed=4)
    Xs, ys = classification(n_classes=2, labels="str", seed=5)
    return [
        _case("hist_reg", HistGradientBoostingRegressor(**SMALL), Xr, yr),
        _case("hist_reg_abs", HistGradientBoostingRegressor(loss="absolute_error", **SMALL), Xr, yr),
        _case("hist_reg_poisson", HistGradientBoostingRegressor(loss="poisson", **SMALL), Xr, np.abs(yr) / 50),
        _case("hist_binary", HistGradientBoostingClassifier(**SMALL), Xb, yb),
        _case("hist_binary_str", HistGradientBoostingClassifier(**SMALL), Xs, ys),
        _case("hist_3class_str", HistGradientBoostingClassifier(**SMALL), X3, y3),
        _case("hist_3class_int", HistGradientBoostingClassifier(**SMALL), X3i, y3i),
        _nan_probes("hist_binary_nan", HistGradientBoostingClassifier(**SMALL), Xb, yb),
        _nan_probes("hist_reg_nan", HistGradientBoostingRegressor(**SMALL), Xr, yr),
    ]
