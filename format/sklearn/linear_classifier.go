package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodeLinearSVC, "sklearn.svm._classes.LinearSVC")
}

// decodeLinearSVC reads a LinearSVC: decision_function and predict only.
func decodeLinearSVC(o *pickle.Object) (Estimator, error) {
	c, err := decodeLinearClassifier(state{o}, state{o})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// linearClassifier is scikit-learn's LinearClassifierMixin: one score per
// class, or a single score for the positive class of a binary problem.
type linearClassifier struct {
	linear
	classes labels
}

// decodeLinearClassifier reads coef_ and intercept_ from s and classes_
// from labels, which is s itself except where scikit-learn keeps classes_
// on a helper object.
func decodeLinearClassifier(s, labels state) (linearClassifier, error) {
	l, err := decodeLinear(s)
	if err != nil {
		return linearClassifier{}, err
	}
	if l.vector {
		return linearClassifier{}, fmt.Errorf("coef_ is 1-D, want one row per class")
	}
	classes, err := decodeLabels(labels)
	if err != nil {
		return linearClassifier{}, err
	}
	// A binary problem has one row of scores, others one per class.
	if n := classes.n; !(n == 2 && l.outputs == 1 || n > 2 && l.outputs == n) {
		return linearClassifier{}, fmt.Errorf("coef_ has %d rows for %d classes", l.outputs, n)
	}
	return linearClassifier{linear: l, classes: classes}, nil
}

func (c *linearClassifier) labelDType() tensor.DType { return c.classes.dtype }

func (c *linearClassifier) binary() bool { return c.outputs == 1 }

// DecisionFunction implements DecisionFunctioner.
func (c *linearClassifier) DecisionFunction(X Matrix) (*tensor.Tensor, error) {
	shape := []int{X.Rows, c.outputs}
	if c.binary() {
		shape = shape[:1]
	}
	return tensor.New(shape, c.decision(X))
}

// Predict implements Predictor: the positive class where the binary score
// is above zero, else the class with the highest score.
func (c *linearClassifier) Predict(X Matrix) (*tensor.Tensor, error) {
	scores := c.decision(X)
	if !c.binary() {
		return c.classes.pick(argmaxRows(scores, X.Rows, c.outputs)), nil
	}
	idx := make([]int, X.Rows)
	for i, s := range scores {
		if s > 0 {
			idx[i] = 1
		}
	}
	return c.classes.pick(idx), nil
}

// probaClassifier is a linear classifier with predict_proba, which turns
// the scores into probabilities with its proba function.
type probaClassifier struct {
	linearClassifier
	// proba maps rows×outputs scores to rows×classes probabilities.
	proba func(scores []float64, rows, outputs int) []float64
}

// PredictProba implements ProbaPredictor.
func (c *probaClassifier) PredictProba(X Matrix) (*tensor.Tensor, error) {
	p := c.proba(c.decision(X), X.Rows, c.outputs)
	return tensor.New([]int{X.Rows, c.classes.n}, p)
}

// ovrProba is scikit-learn's _predict_proba_lr: the logistic sigmoid of
// each score, normalised over the classes as liblinear does; a binary score
// gives [1-p, p].
func ovrProba(scores []float64, rows, outputs int) []float64 {
	if outputs == 1 {
		return binaryProba(scores, expit)
	}
	p := make([]float64, len(scores))
	for i := 0; i < rows; i++ {
		row := p[i*outputs : (i+1)*outputs]
		var sum float64
		for k := range row {
			row[k] = expit(scores[i*outputs+k])
			sum += row[k]
		}
		for k := range row {
			row[k] /= sum
		}
	}
	return p
}

// binaryProba returns rows×2 probabilities [1-f(s), f(s)].
func binaryProba(scores []float64, f func(float64) float64) []float64 {
	p := make([]float64, 2*len(scores))
	for i, s := range scores {
		q := f(s)
		p[2*i], p[2*i+1] = 1-q, q
	}
	return p
}

// expit is the logistic sigmoid as scipy computes it (exp overflowing to
// +Inf gives 0, not NaN).
func expit(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
