"""Linear models: logistic regression, least squares and its penalised
variants, SGD, linear SVMs, and the other estimators whose predict is
X·coef_ᵀ + intercept_ (or its inverse link)."""
import numpy as np
from sklearn.linear_model import (ARDRegression, BayesianRidge, ElasticNet, ElasticNetCV,
                                  GammaRegressor, HuberRegressor, Lars, Lasso, LassoCV, LassoLars,
                                  LinearRegression, LogisticRegression, LogisticRegressionCV,
                                  MultiTaskElasticNet, MultiTaskLasso, OrthogonalMatchingPursuit,
                                  PassiveAggressiveClassifier, PassiveAggressiveRegressor,
                                  Perceptron, PoissonRegressor, QuantileRegressor, Ridge, RidgeClassifier,
                                  RidgeClassifierCV, RidgeCV, SGDClassifier,
                                  SGDRegressor, TheilSenRegressor, TweedieRegressor)
from sklearn.svm import LinearSVC, LinearSVR

from gen_sklearn import Case
from sklearn_cases.data import classification, probe_rows, regression


def _clf(name, est, n_classes, labels="int", saves=None, n_features=6):
    X, y = classification(n_classes=n_classes, labels=labels, n_features=n_features)
    return Case(name, est.fit(X, y), probe_rows(X), saves)


def _reg(name, est, n_targets=1, saves=None):
    X, y = regression(n_targets=n_targets)
    return Case(name, est.fit(X, y), probe_rows(X), saves)


def _column(name, est):
    """y of shape (n, 1): a 2-D coef_ of one row, and 2-D predictions."""
    X, y = regression()
    return Case(name, est.fit(X, y.reshape(-1, 1)), probe_rows(X))


def _positive(name, est):
    """A regression with a positive target, as Poisson and Gamma need."""
    X, y = regression()
    return Case(name, est.fit(X, np.exp(y / 100)), probe_rows(X))


def _sgd(loss, **kw):
    return SGDClassifier(loss=loss, max_iter=50, tol=None, random_state=0, **kw)


def cases():
    return [
        # LogisticRegression: multi_class "auto" is ovr for two classes or
        # liblinear, multinomial otherwise.
        _clf("linear_logreg_binary", LogisticRegression(), 2, saves=["p4.pkl", "p2.pkl"]),
        _clf("linear_logreg_multinomial", LogisticRegression(), 3, labels="str",
             saves=["p5.pkl", "joblib"]),
        _clf("linear_logreg_multinomial_binary", LogisticRegression(multi_class="multinomial"), 2),
        _clf("linear_logreg_ovr", LogisticRegression(multi_class="ovr"), 4),
        _clf("linear_logreg_liblinear", LogisticRegression(solver="liblinear"), 3,
             saves=["zlib.joblib"]),
        _clf("linear_logreg_liblinear_binary", LogisticRegression(solver="liblinear"), 2,
             labels="str"),
        _clf("linear_logreg_nointercept", LogisticRegression(fit_intercept=False), 5),
        _float_labels(),
        # Least squares: 1-D coef_ with a scalar intercept_, 2-D for several
        # targets, intercept_ 0.0 without an intercept.
        _reg("linear_linreg", LinearRegression(), saves=["p4.pkl", "gz.joblib"]),
        _reg("linear_linreg_multi", LinearRegression(), n_targets=3),
        _column("linear_linreg_column", LinearRegression()),
        _reg("linear_ridge", Ridge(alpha=2.0)),
        _reg("linear_ridge_multi", Ridge(alpha=2.0), n_targets=2),
        _reg("linear_ridge_nointercept", Ridge(fit_intercept=False)),
        _reg("linear_lasso", Lasso(alpha=0.5)),
        _reg("linear_lasso_multi", Lasso(alpha=0.5), n_targets=2),
        _reg("linear_elasticnet", ElasticNet(alpha=0.3, l1_ratio=0.7)),
        _reg("linear_elasticnet_nointercept", ElasticNet(alpha=0.3, fit_intercept=False)),
        # SGD: hinge has no predict_proba, log_loss is normalised ovr,
        # modified_huber clips the scores.
        _clf("linear_sgd_hinge", _sgd("hinge"), 2),
        _clf("linear_sgd_hinge_multi", _sgd("hinge"), 3, labels="str"),
        _clf("linear_sgd_log", _sgd("log_loss"), 2, saves=["p4.pkl", "p2.pkl"]),
        _clf("linear_sgd_log_multi", _sgd("log_loss"), 4),
        _clf("linear_sgd_mhuber", _sgd("modified_huber"), 2, labels="str"),
        _clf("linear_sgd_mhuber_multi", _sgd("modified_huber"), 3),
        _reg("linear_sgd_regressor", SGDRegressor(max_iter=50, tol=None, random_state=0),
             saves=["bz2.joblib"]),
        # Linear SVMs.
        _clf("linear_svc", LinearSVC(max_iter=5000, dual=True), 2, saves=["lz4.joblib"]),
        _clf("linear_svc_multi", LinearSVC(max_iter=5000), 4, labels="str",
             saves=["xz.joblib"]),
        _reg("linear_svr", LinearSVR(max_iter=5000, random_state=0), saves=["lzma.joblib"]),
        # Other estimators whose predict is the same linear decision.
        _clf("linear_logreg_cv", LogisticRegressionCV(Cs=3, cv=3, max_iter=500), 3),
        _clf("linear_ridge_classifier", RidgeClassifier(), 3, labels="str"),
        _clf("linear_ridge_classifier_binary", RidgeClassifier(alpha=3.0), 2, saves=["p5.pkl"]),
        _clf("linear_ridge_classifier_cv", RidgeClassifierCV(), 4),
        _clf("linear_perceptron", Perceptron(random_state=0), 3, labels="str"),
        _clf("linear_passive_aggressive", PassiveAggressiveClassifier(random_state=0), 2),
        _reg("linear_passive_aggressive_reg", PassiveAggressiveRegressor(random_state=0)),
        _reg("linear_huber", HuberRegressor(max_iter=500)),
        _reg("linear_bayesian_ridge", BayesianRidge()),
        _reg("linear_ard", ARDRegression()),
        _reg("linear_lars", Lars(), n_targets=2),
        _reg("linear_lasso_lars", LassoLars(alpha=0.1)),
        _reg("linear_omp", OrthogonalMatchingPursuit(n_nonzero_coefs=3)),
        _reg("linear_ridge_cv", RidgeCV(alphas=(0.1, 1.0, 10.0))),
        _reg("linear_lasso_cv", LassoCV(cv=3, n_alphas=5)),
        _reg("linear_elasticnet_cv", ElasticNetCV(cv=3, n_alphas=5)),
        _reg("linear_multitask_lasso", MultiTaskLasso(alpha=0.5), n_targets=2),
        _reg("linear_multitask_elasticnet", MultiTaskElasticNet(alpha=0.5), n_targets=3),
        _reg("linear_theil_sen", TheilSenRegressor(random_state=0, max_subpopulation=200)),
        # Generalized linear models: the inverse link of the linear score.
        _positive("linear_poisson", PoissonRegressor(alpha=0.1)),
        _positive("linear_gamma", GammaRegressor(alpha=0.1)),
        _positive("linear_tweedie", TweedieRegressor(power=1.5, alpha=0.1)),
        _positive("linear_tweedie_identity", TweedieRegressor(power=0, alpha=0.1)),
        _positive("linear_tweedie_log", TweedieRegressor(power=0, link="log", alpha=0.1)),
        _reg("linear_quantile", QuantileRegressor(quantile=0.3, alpha=0.1, solver="highs")),
    ]


def _float_labels():
    """Labels -1.0 and 1.0: a float classes_."""
    X, y = classification(n_classes=2, labels="raw")
    return Case("linear_logreg_float_labels",
                LogisticRegression().fit(X, y * 2.0 - 1.0), probe_rows(X))
