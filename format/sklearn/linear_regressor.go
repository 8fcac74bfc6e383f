package sklearn

import (
	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodeLinearRegressor,
		"sklearn.linear_model._base.LinearRegression",
		"sklearn.linear_model._bayes.ARDRegression",
		"sklearn.linear_model._bayes.BayesianRidge",
		"sklearn.linear_model._coordinate_descent.ElasticNet",
		"sklearn.linear_model._coordinate_descent.ElasticNetCV",
		"sklearn.linear_model._coordinate_descent.Lasso",
		"sklearn.linear_model._coordinate_descent.LassoCV",
		"sklearn.linear_model._coordinate_descent.MultiTaskElasticNet",
		"sklearn.linear_model._coordinate_descent.MultiTaskLasso",
		"sklearn.linear_model._huber.HuberRegressor",
		"sklearn.linear_model._least_angle.Lars",
		"sklearn.linear_model._least_angle.LassoLars",
		"sklearn.linear_model._omp.OrthogonalMatchingPursuit",
		"sklearn.linear_model._passive_aggressive.PassiveAggressiveRegressor",
		"sklearn.linear_model._quantile.QuantileRegressor",
		"sklearn.linear_model._ridge.Ridge",
		"sklearn.linear_model._ridge.RidgeCV",
		"sklearn.linear_model._stochastic_gradient.SGDRegressor",
		"sklearn.linear_model._theil_sen.TheilSenRegressor",
		"sklearn.svm._classes.LinearSVR",
	)
}

// linearRegressor predicts X·coef_ᵀ + intercept_: one column per target, or
// a vector when coef_ is 1-D.
type linearRegressor struct{ linear }

func decodeLinearRegressor(o *pickle.Object) (Estimator, error) {
	l, err := decodeLinear(state{o})
	if err != nil {
		return nil, err
	}
	return &linearRegressor{l}, nil
}

// Predict implements Predictor.
func (r *linearRegressor) Predict(X Matrix) (*tensor.Tensor, error) {
	return r.predictions(X.Rows, r.decision(X))
}
