"""Decision trees, forests, gradient boosting and dummy estimators.

Every case's rows include probes placed on the fitted trees' thresholds:
scikit-learn casts X to float32 before walking a tree, so a row is sent to
each side of a threshold by the float32 value of its feature, not the
float64 one.
"""
import numpy as np
from sklearn._loss.loss import HalfBinomialLoss
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.tree import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    ExtraTreeClassifier,
    ExtraTreeRegressor,
)

from gen_sklearn import Case
from sklearn_cases.data import classification, probe_rows, regression


def _first_tree(est):
    if hasattr(est, "tree_"):
        return est.tree_
    first = est.estimators_[0]
    if isinstance(first, np.ndarray):  # gradient boosting: (stages, K)
        first = first[0]
    return first.tree_


def threshold_rows(X, est, n_nodes=3):
    """Rows that put one feature on, just beside, and across in float32 a
    split threshold of the estimator's first tree."""
    tree = _first_tree(est)
    base = X[0]
    rows = []
    splits = [i for i in range(tree.node_count) if tree.children_left[i] != -1]
    for node in splits[:n_nodes]:
        f, t = tree.feature[node], tree.threshold[node]
        t32 = np.float32(t)
        ulp = float(np.spacing(t32))
        for v in (
            float(t32),  # the float32 nearest the threshold
            float(np.nextafter(t32, np.float32(np.inf))),
            float(np.nextafter(t32, np.float32(-np.inf))),
            t,  # the float64 threshold itself
            t + ulp / 4,  # above t in float64, may round to t32 <= t
            t - ulp / 4,  # below t in float64, may round to t32 > t
        ):
            r = base.copy()
            r[f] = v
            rows.append(r)
    return np.array(rows)


def rows(X, est):
    return np.vstack([probe_rows(X), threshold_rows(X, est)])


class _Tree13:
    """A fitted Tree that pickles with the node record of scikit-learn >= 1.3
    (an extra missing_go_to_left byte, 64-byte records) so the decoder's
    reading of fields by name is checked on a real pickle. Prediction
    delegates to the wrapped tree; rows without NaN go the same way."""

    def __init__(self, tree):
        self._tree = tree

    def __getattr__(self, name):
        return getattr(self._tree, name)

    def __reduce__(self):
        cls, args, st = self._tree.__reduce__()
        old = st["nodes"]
        names = list(old.dtype.names)
        dt = np.dtype({
            "names": names + ["missing_go_to_left"],
            "formats": [old.dtype.fields[n][0] for n in names] + [np.uint8],
            "offsets": [old.dtype.fields[n][1] for n in names] + [old.dtype.itemsize],
            "itemsize": old.dtype.itemsize + 8,
        })
        nodes = np.zeros(len(old), dtype=dt)
        for n in names:
            nodes[n] = old[n]
        nodes["missing_go_to_left"] = np.arange(len(old)) % 2
        return cls, args, dict(st, nodes=nodes)


def _with_v13_nodes(est):
    for t in getattr(est, "estimators_", [est]):
        t.tree_ = _Tree13(t.tree_)
    return est


class _Loss13:
    """A gradient boosting loss that pickles as scikit-learn >= 1.3's
    sklearn._loss object (here HalfBinomialLoss, whose binary outputs match
    1.2's BinomialDeviance) while 1.2 computes the recorded outputs."""

    def __init__(self, old, new):
        self._old, self._new = old, new

    def __getattr__(self, name):
        return getattr(self._old, name)

    def __reduce__(self):
        return type(self._new), (), self._new.__dict__


def _case(name, est, X, y, saves=None, v13=False):
    est.fit(X, y)
    if v13:
        _with_v13_nodes(est)
    return Case(name, est, rows(X, est), saves=saves)


def _dummy(name, est, X, y, saves=None):
    est.fit(X, y)
    return Case(name, est, probe_rows(X, n=4), saves=saves)


def _gb_v13_loss(X, y):
    est = GradientBoostingClassifier(n_estimators=5, max_depth=2, random_state=0).fit(X, y)
    est._loss = _Loss13(est._loss, HalfBinomialLoss())
    return Case("tree_gb_v13_loss", est, rows(X, est))


def cases():
    Xb, yb = classification(n_classes=2, labels="int")
    Xs, ys = classification(n_classes=3, labels="str", seed=1)
    X5, y5 = classification(n_classes=5, n_features=8, n_samples=250, labels="int", seed=2)
    X4, y4 = classification(n_classes=4, labels="raw", seed=3)
    Xr, yr = regression()
    Xm, ym = regression(n_targets=3, seed=4)
    yf = yb.astype(float)  # float labels (scikit-learn wants them integral)
    yB = yb == yb.max()  # bool labels
    Xbench, ybench = classification(n_classes=2, n_features=30, n_samples=400, seed=30)
    return [
        # Single trees.
        _case("tree_dt_binary", DecisionTreeClassifier(max_depth=4, random_state=0), Xb, yb,
              saves=["p4.pkl", "p2.pkl"]),
        _case("tree_dt_str3", DecisionTreeClassifier(max_depth=5, random_state=0), Xs, ys,
              saves=["joblib"]),
        # max_leaf_nodes switches to the best-first builder.
        _case("tree_dt_5class_bestfirst", DecisionTreeClassifier(max_leaf_nodes=12, random_state=0), X5, y5,
              saves=["p5.pkl"]),
        # Balanced class weights make leaf values non-integral weights.
        _case("tree_dt_weighted", DecisionTreeClassifier(max_depth=3, class_weight="balanced", random_state=0),
              X4, y4),
        _case("tree_dt_float_labels", DecisionTreeClassifier(max_depth=3, random_state=0), Xb, yf),
        _case("tree_dt_bool_labels", DecisionTreeClassifier(max_depth=3, random_state=0), Xb, yB),
        _case("tree_dt_reg", DecisionTreeRegressor(max_depth=5, random_state=0), Xr, yr,
              saves=["zlib.joblib"]),
        _case("tree_dt_reg_multi", DecisionTreeRegressor(max_depth=4, random_state=0), Xm, ym,
              saves=["gz.joblib"]),
        _case("tree_et1_clf", ExtraTreeClassifier(max_depth=6, random_state=0), Xs, ys,
              saves=["bz2.joblib"]),
        _case("tree_et1_reg", ExtraTreeRegressor(max_depth=6, random_state=0), Xr, yr,
              saves=["lzma.joblib"]),
        _case("tree_dt_v13_nodes", DecisionTreeClassifier(max_depth=4, random_state=0), Xs, ys,
              saves=["p4.pkl", "p2.pkl"], v13=True),
        # Forests.
        _case("tree_rf_clf", RandomForestClassifier(n_estimators=8, max_depth=4, random_state=0), X5, y5,
              saves=["lz4.joblib"]),
        _case("tree_rf_str2", RandomForestClassifier(n_estimators=5, max_depth=3, random_state=0),
              Xb, np.array(["no", "yes"])[(yb == yb.max()).astype(int)]),
        _case("tree_rf_reg", RandomForestRegressor(n_estimators=6, max_depth=4, random_state=0), Xr, yr),
        _case("tree_rf_reg_multi", RandomForestRegressor(n_estimators=4, max_depth=3, random_state=0), Xm, ym,
              saves=["p5.pkl"]),
        _case("tree_ets_clf", ExtraTreesClassifier(n_estimators=6, max_depth=4, random_state=0), X4, y4,
              saves=["xz.joblib"]),
        _case("tree_rf_v13_nodes", RandomForestRegressor(n_estimators=3, max_depth=3, random_state=0), Xr, yr,
              v13=True),
        _case("tree_ets_reg", ExtraTreesRegressor(n_estimators=5, max_depth=4, random_state=0), Xr, yr),
        # Gradient boosting: every loss, every kind of init.
        _case("tree_gb_binary", GradientBoostingClassifier(n_estimators=10, max_depth=3, random_state=0), Xb, yb,
              saves=["p4.pkl", "joblib"]),
        _gb_v13_loss(Xb, yb),
        _case("tree_gb_str3", GradientBoostingClassifier(n_estimators=6, max_depth=2, random_state=0), Xs, ys),
        _case("tree_gb_5class", GradientBoostingClassifier(n_estimators=4, max_depth=2, subsample=0.8,
                                                           random_state=0), X5, y5, saves=["p2.pkl"]),
        _case("tree_gb_exponential", GradientBoostingClassifier(loss="exponential", n_estimators=8,
                                                                max_depth=2, random_state=0), Xb, yb),
        _case("tree_gb_zero_init", GradientBoostingClassifier(init="zero", n_estimators=5, max_depth=2,
                                                              random_state=0), Xs, ys),
        _case("tree_gb_logreg_init", GradientBoostingClassifier(init=LogisticRegression(), n_estimators=5,
                                                                max_depth=2, random_state=0), X4, y4),
        _case("tree_gb_reg", GradientBoostingRegressor(n_estimators=10, max_depth=3, random_state=0), Xr, yr,
              saves=["p4.pkl", "gz.joblib"]),
        _case("tree_gb_reg_abs", GradientBoostingRegressor(loss="absolute_error", n_estimators=6, max_depth=2,
                                                           random_state=0), Xr, yr),
        _case("tree_gb_reg_huber", GradientBoostingRegressor(loss="huber", n_estimators=6, max_depth=2,
                                                             random_state=0), Xr, yr),
        _case("tree_gb_reg_quantile", GradientBoostingRegressor(loss="quantile", alpha=0.8, n_estimators=6,
                                                                max_depth=2, random_state=0), Xr, yr),
        _case("tree_gb_reg_zero_init", GradientBoostingRegressor(init="zero", n_estimators=5, max_depth=2,
                                                                 random_state=0), Xr, yr),
        _case("tree_gb_reg_linreg_init", GradientBoostingRegressor(init=LinearRegression(), n_estimators=5,
                                                                   max_depth=2, random_state=0), Xr, yr),
        # Dummy estimators (also the default init of gradient boosting).
        _dummy("tree_dummy_prior", DummyClassifier(strategy="prior"), Xs, ys),
        _dummy("tree_dummy_most_frequent", DummyClassifier(strategy="most_frequent"), X5, y5),
        _dummy("tree_dummy_constant", DummyClassifier(strategy="constant", constant="virginica"), Xs, ys),
        _dummy("tree_dummy_reg_mean", DummyRegressor(), Xr, yr),
        _dummy("tree_dummy_reg_quantile", DummyRegressor(strategy="quantile", quantile=0.3), Xr, yr),
        _dummy("tree_dummy_reg_multi", DummyRegressor(strategy="median"), Xm, ym),
        # The speed benchmark's model (format/sklearn/tree_bench_test.go).
        _case("bench_rf100", RandomForestClassifier(n_estimators=100, max_depth=8, random_state=0),
              Xbench, ybench, saves=["xz.joblib"]),
    ]
