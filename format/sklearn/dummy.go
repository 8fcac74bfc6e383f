package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodeDummyClassifier, "sklearn.dummy.DummyClassifier")
	register(decodeDummyRegressor, "sklearn.dummy.DummyRegressor")
}

// dummyClassifier predicts the same label and probabilities for every row.
// It is also gradient boosting's default init estimator.
type dummyClassifier struct {
	classes labels
	label   int       // index of the predicted class
	proba   []float64 // one row of predict_proba
}

func (d *dummyClassifier) Class() string            { return "DummyClassifier" }
func (d *dummyClassifier) NFeatures() int           { return -1 } // X is only counted
func (d *dummyClassifier) labelDType() tensor.DType { return d.classes.dtype }

func (d *dummyClassifier) Predict(X Matrix) (*tensor.Tensor, error) {
	idx := make([]int, X.Rows)
	for i := range idx {
		idx[i] = d.label
	}
	return d.classes.pick(idx), nil
}

func (d *dummyClassifier) PredictProba(X Matrix) (*tensor.Tensor, error) {
	return tensor.New([]int{X.Rows, len(d.proba)}, repeatRow(d.proba, X.Rows))
}

// decodeDummyClassifier supports the deterministic strategies; "stratified"
// and "uniform" draw their predictions at random.
func decodeDummyClassifier(o *pickle.Object) (Estimator, error) {
	s := state{o}
	strategy, err := s.str("_strategy") // resolved strategy, since 0.24
	if err != nil {
		if strategy, err = s.str("strategy"); err != nil {
			return nil, err
		}
	}
	outputs, err := s.int("n_outputs_")
	if err != nil {
		return nil, err
	}
	if outputs != 1 {
		return nil, fmt.Errorf("multi-output classification (%d outputs) is not supported", outputs)
	}
	classes, err := decodeLabels(s)
	if err != nil {
		return nil, err
	}
	prior, _, err := s.floats("class_prior_")
	if err != nil {
		return nil, err
	}
	if len(prior) != classes.n || classes.n == 0 {
		return nil, fmt.Errorf("class_prior_ has %d entries for %d classes", len(prior), classes.n)
	}
	d := &dummyClassifier{classes: classes}
	switch strategy {
	case "prior", "most_frequent":
		d.label = argmaxRows(prior, 1, len(prior))[0]
	case "constant":
		c, err := s.raw("constant")
		if err != nil {
			return nil, err
		}
		if d.label, err = classes.index(c); err != nil {
			return nil, fmt.Errorf("constant: %w", err)
		}
	default:
		return nil, fmt.Errorf("strategy %q predicts at random; not supported", strategy)
	}
	if strategy == "prior" {
		d.proba = prior
	} else {
		d.proba = make([]float64, classes.n)
		d.proba[d.label] = 1
	}
	return d, nil
}

// dummyRegressor predicts its fitted constant_ for every row.
type dummyRegressor struct{ constant []float64 }

func (d *dummyRegressor) Class() string  { return "DummyRegressor" }
func (d *dummyRegressor) NFeatures() int { return -1 } // X is only counted

func (d *dummyRegressor) Predict(X Matrix) (*tensor.Tensor, error) {
	return regressionTensor(repeatRow(d.constant, X.Rows), X.Rows, len(d.constant))
}

func decodeDummyRegressor(o *pickle.Object) (Estimator, error) {
	c, _, err := state{o}.floats("constant_")
	if err != nil {
		return nil, err
	}
	if len(c) == 0 {
		return nil, fmt.Errorf("constant_ is empty")
	}
	return &dummyRegressor{constant: c}, nil
}

// repeatRow returns n copies of row, back to back.
func repeatRow(row []float64, n int) []float64 {
	out := make([]float64, 0, n*len(row))
	for i := 0; i < n; i++ {
		out = append(out, row...)
	}
	return out
}
