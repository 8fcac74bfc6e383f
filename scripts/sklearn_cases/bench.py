"""Models the speed benchmarks (bench/) run: 30 features, the shape of a
typical tabular service. bench_rf100 comes from the tree family."""
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from gen_sklearn import Case
from sklearn_cases.data import classification, probe_rows

N_FEATURES = 30


def cases():
    X, y = classification(n_classes=2, n_features=N_FEATURES, n_samples=400, seed=30)
    return [
        Case("bench_lr30", LogisticRegression(max_iter=1000).fit(X, y), probe_rows(X)),
        # A few hundred rows with label noise keep a moderate share of them
        # as support vectors, so the kernel sum dominates the cost.
        Case("bench_svc", SVC(kernel="rbf", C=1.0).fit(X, y), probe_rows(X)),
    ]
