"""Shared synthetic data sets for the test cases (deterministic)."""
import numpy as np
from sklearn.datasets import make_classification, make_regression

STRING_LABELS = np.array(["setosa", "versicolor", "virginica", "zeta", "omega"])


def classification(n_classes=2, n_features=6, n_samples=160, seed=0, labels="int"):
    """Returns X, y with y as ints (0..k-1 shifted to k..), strings, or the raw 0..k-1."""
    X, y = make_classification(
        n_samples=n_samples, n_features=n_features, n_informative=min(n_features, 4),
        n_redundant=0, n_classes=n_classes, n_clusters_per_class=1, random_state=seed)
    if labels == "str":
        y = STRING_LABELS[y]
    elif labels == "int":
        y = y * 3 + 7  # non-contiguous integer labels
    return X, y


def regression(n_features=5, n_samples=160, seed=0, n_targets=1):
    X, y = make_regression(n_samples=n_samples, n_features=n_features, noise=5.0,
                           n_targets=n_targets, random_state=seed)
    return X, y


def probe_rows(X, n=12, seed=1):
    """Rows to record outputs for: some training rows plus perturbed ones."""
    rng = np.random.RandomState(seed)
    idx = rng.choice(len(X), size=n // 2, replace=False)
    fresh = X[idx] + rng.normal(scale=0.5, size=(n // 2, X.shape[1]))
    return np.vstack([X[idx], fresh])
