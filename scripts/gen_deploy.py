"""Writes the deploy tests' models: two versions of a linear regression that
answer differently, each with examples whose responses scikit-learn gave.

Run with Debian's python3 (scikit-learn 1.2.1):
    /usr/bin/python3 scripts/gen_deploy.py
"""
import json
import os
import pickle

import numpy as np
from sklearn.linear_model import LinearRegression

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deploy", "testdata"))

X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [1.0, 3.0]])
for version, coef in ((1, [1.0, 2.0]), (2, [-3.0, 0.5])):
    y = X @ np.array(coef) + version
    m = LinearRegression().fit(X, y)
    with open(f"v{version}.pkl", "wb") as f:
        pickle.dump(m, f, protocol=4)
    rows = [[0.5, 0.5], [2.0, -1.0]]
    examples = [{"name": "rows", "request": {"instances": rows},
                 "response": {"predictions": m.predict(np.array(rows)).tolist()}}]
    with open(f"v{version}.examples.json", "w") as f:
        json.dump(examples, f, indent=1)
