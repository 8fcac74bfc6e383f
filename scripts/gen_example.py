#!/usr/bin/python3
"""Generate the example model bundled in the slipway binary (example/).

    /usr/bin/python3 scripts/gen_example.py

Iris species from four measurements: a StandardScaler + LogisticRegression
pipeline with string labels, saved with pickle protocol 4, plus an example
request and scikit-learn's answers to it.
"""
import json
import os
import pickle

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "example")

iris = load_iris()
y = iris.target_names[iris.target]
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
model.fit(iris.data, y)

with open(os.path.join(OUT, "iris.pkl"), "wb") as f:
    pickle.dump(model, f, protocol=4)

rows = [[5.1, 3.5, 1.4, 0.2], [6.2, 2.9, 4.3, 1.3], [7.7, 3.0, 6.1, 2.3]]
with open(os.path.join(OUT, "request.json"), "w") as f:
    json.dump({"instances": rows}, f)
    f.write("\n")
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump({
        "predict": model.predict(rows).tolist(),
        "predict_proba": model.predict_proba(rows).tolist(),
    }, f)
    f.write("\n")
