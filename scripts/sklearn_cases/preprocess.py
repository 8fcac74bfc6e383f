"""Scalers, Normalizer and Pipeline. A transformer alone has no predict, so
each is recorded as the first step of a pipeline ending in a linear model."""
import numpy as np
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression, Ridge, SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (MaxAbsScaler, MinMaxScaler, Normalizer, RobustScaler,
                                   StandardScaler)
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

from gen_sklearn import Case
from sklearn_cases.data import classification, probe_rows, regression


def _rows(X):
    """Probe rows plus rows beyond the training range and a zero row."""
    rows = probe_rows(X)
    return np.vstack([rows, rows[:3] * 4.0, np.zeros((1, X.shape[1]))])


def _clf(name, steps, n_classes=3, labels="int", saves=None):
    X, y = classification(n_classes=n_classes, labels=labels)
    X[:, 2] = 1.5  # a constant feature: scalers must leave its scale at 1
    return Case(name, Pipeline(steps).fit(X, y), _rows(X), saves)


def _reg(name, steps, saves=None):
    X, y = regression(n_targets=2)
    return Case(name, Pipeline(steps).fit(X, y), _rows(X), saves)


def cases():
    return [
        _clf("pre_standard_logreg", [("scale", StandardScaler()), ("clf", LogisticRegression())],
             labels="str", saves=["p4.pkl", "joblib", "gz.joblib"]),
        _reg("pre_standard_nomean", [("scale", StandardScaler(with_mean=False)),
                                     ("reg", Ridge())]),
        _reg("pre_standard_nostd", [("scale", StandardScaler(with_std=False)),
                                    ("reg", LinearRegression())], saves=["p2.pkl"]),
        _reg("pre_standard_off", [("scale", StandardScaler(with_mean=False, with_std=False)),
                                  ("reg", LinearRegression())]),
        _clf("pre_minmax", [("scale", MinMaxScaler()), ("clf", LogisticRegression())],
             n_classes=2),
        _reg("pre_minmax_clip", [("scale", MinMaxScaler(feature_range=(-1, 2), clip=True)),
                                 ("reg", LinearRegression())], saves=["p5.pkl"]),
        _clf("pre_maxabs", [("scale", MaxAbsScaler()),
                            ("clf", SGDClassifier(loss="modified_huber", random_state=0))],
             n_classes=4),
        _clf("pre_robust", [("scale", RobustScaler()), ("clf", LinearSVC(max_iter=5000))],
             saves=["xz.joblib"]),
        _reg("pre_robust_nocenter", [("scale", RobustScaler(with_centering=False)),
                                     ("reg", Lasso(alpha=0.2))]),
        _reg("pre_robust_noscale", [("scale", RobustScaler(with_scaling=False)),
                                    ("reg", Lasso(alpha=0.2))]),
        _clf("pre_normalizer_l1", [("norm", Normalizer(norm="l1")),
                                   ("clf", LogisticRegression())]),
        _clf("pre_normalizer_l2", [("norm", Normalizer()), ("clf", LogisticRegression())],
             labels="str", n_classes=2),
        _clf("pre_normalizer_max", [("norm", Normalizer(norm="max")),
                                    ("clf", LogisticRegression())], saves=["lz4.joblib"]),
        _clf("pre_passthrough", [("skip", "passthrough"), ("scale", StandardScaler()),
                                 ("none", None), ("clf", LogisticRegression())]),
        _clf("pre_nested", [("prep", Pipeline([("scale", MinMaxScaler()),
                                               ("norm", Normalizer())])),
                            ("clf", LogisticRegression(multi_class="ovr"))],
             saves=["bz2.joblib"]),
        # Pipelines ending in the other families' estimators.
        _clf("pre_svc", [("scale", StandardScaler()),
                         ("svc", SVC(probability=True, random_state=0))], n_classes=2),
        _clf("pre_tree", [("scale", RobustScaler()),
                          ("tree", DecisionTreeClassifier(max_depth=4, random_state=0))],
             labels="str"),
    ]
