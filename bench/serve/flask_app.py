"""The tutorial way to serve a scikit-learn model: a Flask app that loads the
pickle with joblib, run under gunicorn. bench/serve measures Slipway against it.

    MODEL=$PWD/testdata/sklearn/bench_lr30/model.p4.pkl \
        /usr/bin/python3 -m gunicorn --workers 2 --bind 127.0.0.1:8000 \
        --chdir bench/serve flask_app:app

POST /predict takes a JSON list of rows and answers {"prediction": [...]};
GET /health answers 200 once the model is loaded.
"""
import os

import joblib
import numpy as np
from flask import Flask, jsonify, request

app = Flask(__name__)
model = joblib.load(os.environ["MODEL"])


@app.get("/health")
def health():
    return "ok"


@app.post("/predict")
def predict():
    rows = np.asarray(request.get_json(), dtype=np.float64)
    return jsonify(prediction=model.predict(rows).tolist())
