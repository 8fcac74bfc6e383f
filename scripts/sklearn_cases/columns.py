"""Estimators fitted on a pandas DataFrame of named, typed columns:
ColumnTransformer with SimpleImputer, OneHotEncoder and OrdinalEncoder on
string and numeric columns, as KServe's mixed-type example does. The probe
frame holds categories unseen in fit and missing numbers."""
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.tree import DecisionTreeRegressor

from gen_sklearn import Case

ZONES = np.array(["RL", "RM", "FV", "RH", "C (all)"])
SHAPES = np.array(["Reg", "IR1", "IR2"])


def _frame(n, seed, unseen=False):
    rng = np.random.RandomState(seed)
    f = pd.DataFrame({
        "zone": ZONES[rng.randint(0, len(ZONES), n)].astype(object),
        "area": rng.normal(9000, 2500, n).round(),
        "shape": SHAPES[rng.randint(0, len(SHAPES), n)].astype(object),
        "rooms": rng.randint(1, 9, n).astype(float),
        "year": rng.randint(1950, 2010, n).astype(float),
        "unused": rng.normal(size=n),
    })
    f.loc[rng.rand(n) < 0.1, "area"] = np.nan
    if unseen:
        f.loc[0, "zone"] = "A (agr)"
        f.loc[1, "shape"] = "IR3"
        f.loc[2, "area"] = np.nan
        f.loc[3, "rooms"] = 12.0  # an unseen numeric category
    return f


def _target(f):
    area = f["area"].fillna(9000)
    return (area / 1000 + 2 * (f["zone"] == "RL") - (f["shape"] == "IR2") + f["rooms"] * 0.5
            + (f["year"] - 1980) / 10)


def _fit(name, pre, est, classify=False, saves=None, unseen=True):
    train = _frame(200, 0)
    y = _target(train)
    if classify:
        y = np.where(y > y.median(), "high", "low")
    pipe = Pipeline([("pre", pre), ("est", est)]).fit(train, y)
    return Case(name, pipe, _frame(12, 1, unseen=unseen), saves)


def cases():
    numeric = make_pipeline(SimpleImputer(strategy="mean"), StandardScaler())
    categorical = make_pipeline(SimpleImputer(strategy="most_frequent"),
                                OneHotEncoder(handle_unknown="ignore"))
    return [
        # KServe's mixed-type example: impute+scale numbers, impute+one-hot strings.
        _fit("columns_impute_onehot_ridge", ColumnTransformer([
            ("num", numeric, ["area", "rooms", "year"]),
            ("cat", categorical, ["zone", "shape"]),
        ]), Ridge(), saves=["p4.pkl", "joblib"]),
        # drop="first", a weighted part, numbers passed through as the remainder.
        _fit("columns_onehot_drop_logreg", ColumnTransformer([
            ("cat", OneHotEncoder(drop="first", handle_unknown="ignore"), ["zone", "shape"]),
            ("area", SimpleImputer(strategy="median"), ["area"]),
        ], remainder="passthrough", transformer_weights={"cat": 2.0, "area": 0.001}),
            LogisticRegression(max_iter=1000), classify=True),
        # Ordinal codes with an unknown marker, columns by position and a
        # boolean mask, the rest dropped.
        _fit("columns_ordinal_forest", ColumnTransformer([
            ("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), [0, 2]),
            ("num", SimpleImputer(strategy="constant", fill_value=-5.0),
             np.array([False, True, False, True, True, False])),
        ]), RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0), classify=True),
        # Numeric categories: rooms one-hot encoded, if_binary drop unused.
        _fit("columns_numeric_onehot_tree", ColumnTransformer([
            ("rooms", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["rooms"]),
            ("zone", OneHotEncoder(drop="if_binary", handle_unknown="ignore"), ["zone"]),
            ("num", SimpleImputer(), ["area", "year"]),
        ]), DecisionTreeRegressor(max_depth=5, random_state=0)),
        # handle_unknown="error": an unseen category is the client's error
        # (TestTableErrors).
        _fit("columns_onehot_strict", ColumnTransformer([
            ("cat", OneHotEncoder(), ["zone", "shape"]),
        ], remainder="drop"), LogisticRegression(max_iter=1000), classify=True, unseen=False),
    ]
