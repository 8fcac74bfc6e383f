"""libsvm estimators: SVC, NuSVC, SVR, NuSVR, OneClassSVM."""
import numpy as np
from sklearn.svm import SVC, SVR, NuSVC, NuSVR, OneClassSVM

from gen_sklearn import Case
from sklearn_cases.data import classification, probe_rows, regression


def rows(X):
    """Probe rows plus points far from the data, where the one-vs-one votes
    of three or more classes tend to tie."""
    far = np.vstack([np.zeros(X.shape[1]), 4 * X.std(axis=0), -4 * X.std(axis=0)])
    return np.vstack([probe_rows(X), far])


def clf(name, est, n_classes, labels="int", saves=None):
    X, y = classification(n_classes=n_classes, n_samples=120, seed=n_classes, labels=labels)
    return Case(name, est.fit(X, y), rows(X), saves=saves)


def reg(name, est, saves=None):
    X, y = regression(n_samples=100)
    return Case(name, est.fit(X, y / 50), rows(X), saves=saves)


def float_labels():
    X, y = classification(n_classes=3, n_samples=120, seed=3, labels="raw")
    return Case("svm_svc_float_labels", SVC(kernel="linear").fit(X, 2.0 * y - 1), rows(X))


def bool_labels():
    X, y = classification(n_classes=2, n_samples=120, seed=2, labels="raw")
    return Case("svm_svc_bool_labels", SVC(kernel="poly", degree=2).fit(X, y == 1), rows(X))


def precomputed():
    """A precomputed linear kernel: inputs are rows of K(X_probe, X_train)."""
    X, y = classification(n_classes=3, n_samples=50, seed=7)
    est = SVC(kernel="precomputed").fit(X @ X.T, y)
    return Case("svm_svc_precomputed", est, rows(X) @ X.T, saves=["p4.pkl", "p2.pkl"])


def break_ties():
    """break_ties=True, with rows added where the one-vs-one votes tie so
    its argmax of the one-vs-rest scores differs from plain voting."""
    X, y = classification(n_classes=4, n_samples=120, seed=4)
    est = SVC(break_ties=True).fit(X, y)
    voting = SVC().fit(X, y)
    cand = np.random.RandomState(2).normal(scale=3 * X.std(axis=0), size=(2000, X.shape[1]))
    differ = cand[est.predict(cand) != voting.predict(cand)][:4]
    return Case("svm_svc_breakties_int4", est, np.vstack([rows(X), differ]), saves=["xz.joblib"])


def cases():
    return [
        clf("svm_svc_rbf_int3", SVC(), 3, saves=["p4.pkl", "joblib"]),
        clf("svm_svc_ovo_int4", SVC(gamma=0.3, decision_function_shape="ovo"), 4, saves=["p2.pkl"]),
        clf("svm_svc_linear_str2", SVC(kernel="linear", C=0.5), 2, labels="str", saves=["p5.pkl"]),
        clf("svm_svc_poly_str3", SVC(kernel="poly", degree=3, coef0=1.0, gamma="auto"), 3, labels="str"),
        clf("svm_svc_sigmoid_int5", SVC(kernel="sigmoid", gamma=0.05, coef0=0.1), 5,
            saves=["zlib.joblib"]),
        clf("svm_svc_proba_int3", SVC(probability=True, random_state=0), 3, saves=["gz.joblib"]),
        clf("svm_svc_proba_str2", SVC(probability=True, random_state=0), 2, labels="str",
            saves=["bz2.joblib"]),
        clf("svm_svc_proba_ovo_poly5",
            SVC(kernel="poly", degree=2, probability=True, decision_function_shape="ovo",
                random_state=0), 5),
        break_ties(),
        clf("svm_svc_balanced_int3", SVC(kernel="linear", class_weight="balanced"), 3,
            saves=["lzma.joblib"]),
        float_labels(),
        bool_labels(),
        precomputed(),
        clf("svm_nusvc_rbf_int3", NuSVC(nu=0.3), 3, saves=["lz4.joblib"]),
        clf("svm_nusvc_proba_str2", NuSVC(probability=True, random_state=0), 2, labels="str"),
        clf("svm_nusvc_ovo_sigmoid4", NuSVC(kernel="sigmoid", gamma=0.1, decision_function_shape="ovo"), 4),
        reg("svm_svr_rbf", SVR(C=10.0, epsilon=0.2), saves=["p4.pkl", "joblib"]),
        reg("svm_svr_linear", SVR(kernel="linear"), saves=["p5.pkl"]),
        reg("svm_svr_poly", SVR(kernel="poly", degree=2, coef0=1.0, C=5.0)),
        # An epsilon wider than the targets leaves no support vectors: the
        # prediction is the intercept alone.
        reg("svm_svr_no_support", SVR(epsilon=100.0)),
        reg("svm_nusvr_rbf", NuSVR(nu=0.4, C=10.0), saves=["gz.joblib"]),
        reg("svm_nusvr_sigmoid", NuSVR(kernel="sigmoid", gamma=0.01, coef0=0.5)),
        reg("svm_ocsvm_rbf", OneClassSVM(nu=0.1), saves=["p4.pkl", "lz4.joblib"]),
        reg("svm_ocsvm_poly", OneClassSVM(kernel="poly", degree=2, gamma=0.1, nu=0.2)),
        reg("svm_ocsvm_linear", OneClassSVM(kernel="linear", nu=0.3)),
    ]
