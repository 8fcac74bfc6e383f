package sklearn

import (
	"errors"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	const mod = "sklearn.ensemble._hist_gradient_boosting.gradient_boosting."
	register(decodeHGBClassifier, mod+"HistGradientBoostingClassifier")
	register(decodeHGBRegressor, mod+"HistGradientBoostingRegressor")
	// Losses: sklearn.ensemble._hist_gradient_boosting.loss up to 1.0;
	// sklearn._loss's later ones are allowed by gb_loss.go and glm.go.
	allowHelpers(
		"sklearn.ensemble._hist_gradient_boosting.loss.LeastSquares",
		"sklearn.ensemble._hist_gradient_boosting.loss.LeastAbsoluteDeviation",
		"sklearn.ensemble._hist_gradient_boosting.loss.Poisson",
		"sklearn.ensemble._hist_gradient_boosting.loss.BinaryCrossEntropy",
		"sklearn.ensemble._hist_gradient_boosting.loss.CategoricalCrossEntropy",
	)
}

// histLosses maps the loss classes a HistGradientBoosting estimator holds
// to whether they are a classifier's and, for regressors, whether raw
// scores go through exp (a log link).
var histLosses = map[string]struct{ classifier, logLink bool }{
	"HalfSquaredError":        {},
	"AbsoluteError":           {},
	"PinballLoss":             {},
	"LeastSquares":            {},
	"LeastAbsoluteDeviation":  {},
	"HalfPoissonLoss":         {logLink: true},
	"HalfGammaLoss":           {logLink: true},
	"Poisson":                 {logLink: true},
	"HalfBinomialLoss":        {classifier: true},
	"HalfMultinomialLoss":     {classifier: true},
	"BinaryCrossEntropy":      {classifier: true},
	"CategoricalCrossEntropy": {classifier: true},
}

// histBoosted is what HistGradientBoosting classifiers and regressors
// share: k raw scores per row, the baseline plus the value of every tree.
type histBoosted struct {
	class    string
	nf, k    int
	baseline []float64    // k values
	iters    [][]histTree // iters[i][j] adds to score j
	logLink  bool
}

func (b *histBoosted) Class() string  { return b.class }
func (b *histBoosted) NFeatures() int { return b.nf }

// raw returns the n × k raw scores, summed in scikit-learn's order.
func (b *histBoosted) raw(X Matrix) []float64 {
	raw := make([]float64, X.Rows*b.k)
	for r := 0; r < X.Rows; r++ {
		x, acc := X.Row(r), raw[r*b.k:(r+1)*b.k]
		copy(acc, b.baseline)
		for _, it := range b.iters {
			for j, t := range it {
				acc[j] += t.predict(x)
			}
		}
	}
	return raw
}

// decodeHistBoosted reads n_trees_per_iteration_, _baseline_prediction,
// the loss and _predictors (a list per iteration of k TreePredictors).
func decodeHistBoosted(o *pickle.Object, classifier bool) (*histBoosted, error) {
	s := state{o}
	g, ok := lossObject(s)
	if !ok {
		return nil, errors.New("fitted attribute _loss is missing (is the estimator fitted?)")
	}
	if s.has("_preprocessor") {
		// scikit-learn ≥ 1.4 encodes pandas categorical columns first.
		return nil, errors.New("categorical features are not supported")
	}
	loss, known := histLosses[g.Name]
	if !known || loss.classifier != classifier {
		return nil, fmt.Errorf("unsupported loss %s", g)
	}
	k, err := s.int("n_trees_per_iteration_")
	if err != nil {
		return nil, err
	}
	base, _, err := s.floats("_baseline_prediction")
	if err != nil {
		return nil, err
	}
	if k < 1 || len(base) != k {
		return nil, fmt.Errorf("_baseline_prediction has %d values for %d trees per iteration", len(base), k)
	}
	b := &histBoosted{class: o.Class.Name, nf: s.nFeatures(), k: k, baseline: base, logLink: loss.logLink}
	if b.nf < 1 {
		return nil, fmt.Errorf("n_features_in_ is missing or %d", b.nf)
	}
	v, err := s.raw("_predictors")
	if err != nil {
		return nil, err
	}
	iters, ok := v.(*pickle.List)
	if !ok {
		return nil, fmt.Errorf("_predictors: expected a list, found %T", v)
	}
	b.iters = make([][]histTree, len(iters.Items))
	for i, it := range iters.Items {
		trees, ok := it.(*pickle.List)
		if !ok || len(trees.Items) != k {
			return nil, fmt.Errorf("_predictors[%d]: expected a list of %d TreePredictors, found %v", i, k, it)
		}
		b.iters[i] = make([]histTree, k)
		for j, t := range trees.Items {
			if b.iters[i][j], err = decodeHistTree(t, b.nf); err != nil {
				return nil, fmt.Errorf("_predictors[%d][%d]: %w", i, j, err)
			}
		}
	}
	return b, nil
}

// hgbRegressor is a fitted HistGradientBoostingRegressor.
type hgbRegressor struct{ *histBoosted }

func (r hgbRegressor) Predict(X Matrix) (*tensor.Tensor, error) {
	raw := r.raw(X)
	if r.logLink {
		for i, v := range raw {
			raw[i] = math.Exp(v)
		}
	}
	return tensor.New([]int{X.Rows}, raw)
}

func decodeHGBRegressor(o *pickle.Object) (Estimator, error) {
	b, err := decodeHistBoosted(o, false)
	if err != nil {
		return nil, err
	}
	if b.k != 1 {
		return nil, fmt.Errorf("n_trees_per_iteration_ is %d, a regressor has 1", b.k)
	}
	return hgbRegressor{b}, nil
}

// hgbClassifier is a fitted HistGradientBoostingClassifier: one tree per
// iteration and a sigmoid for two classes, else one per class and a softmax.
type hgbClassifier struct {
	*histBoosted
	classes labels
}

func (c *hgbClassifier) labelDType() tensor.DType { return c.classes.dtype }

func (c *hgbClassifier) proba(X Matrix) []float64 {
	raw := c.raw(X)
	if c.k == 1 {
		return binaryProba(raw, expit)
	}
	return softmaxProba(raw, X.Rows, c.k)
}

// Predict takes the argmax of the probabilities, as scikit-learn does.
func (c *hgbClassifier) Predict(X Matrix) (*tensor.Tensor, error) {
	return c.classes.pick(argmaxRows(c.proba(X), X.Rows, c.classes.n)), nil
}

func (c *hgbClassifier) PredictProba(X Matrix) (*tensor.Tensor, error) {
	return tensor.New([]int{X.Rows, c.classes.n}, c.proba(X))
}

// DecisionFunction returns the raw scores: [n] for two classes, else [n, k].
func (c *hgbClassifier) DecisionFunction(X Matrix) (*tensor.Tensor, error) {
	return regressionTensor(c.raw(X), X.Rows, c.k)
}

func decodeHGBClassifier(o *pickle.Object) (Estimator, error) {
	b, err := decodeHistBoosted(o, true)
	if err != nil {
		return nil, err
	}
	classes, err := decodeLabels(state{o})
	if err != nil {
		return nil, err
	}
	if classes.n < 2 || b.k != treesPerStage(classes.n) {
		return nil, fmt.Errorf("n_trees_per_iteration_ is %d for %d classes", b.k, classes.n)
	}
	return &hgbClassifier{histBoosted: b, classes: classes}, nil
}
