package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodeSVC("SVC"), "sklearn.svm._classes.SVC")
	register(decodeSVC("NuSVC"), "sklearn.svm._classes.NuSVC")
}

// svc is SVC or NuSVC: libsvm's one-vs-one classifier.
type svc struct {
	class     string
	svm       *libsvm
	labels    labels
	ovr       bool // decision_function_shape == "ovr"
	breakTies bool
}

// svcProba is an svc fitted with probability=True, which alone has
// predict_proba.
type svcProba struct {
	*svc
	platt
}

var (
	_ Predictor          = (*svc)(nil)
	_ DecisionFunctioner = (*svc)(nil)
	_ ProbaPredictor     = svcProba{}
)

func decodeSVC(class string) decoder {
	return func(o *pickle.Object) (Estimator, error) {
		s := state{o}
		c := &svc{class: class}
		var err error
		if c.labels, err = decodeLabels(s); err != nil {
			return nil, err
		}
		if c.labels.n < 2 {
			return nil, fmt.Errorf("classes_ has %d classes, want at least 2", c.labels.n)
		}
		shape, err := s.str("decision_function_shape")
		if err != nil {
			return nil, err
		}
		if shape != "ovr" && shape != "ovo" {
			return nil, fmt.Errorf("unknown decision_function_shape %q", shape)
		}
		c.ovr = shape == "ovr"
		if s.has("break_ties") {
			if c.breakTies, err = s.boolean("break_ties"); err != nil {
				return nil, err
			}
		}
		if c.breakTies && !c.ovr {
			// scikit-learn's predict raises ValueError for every input.
			return nil, fmt.Errorf("break_ties=True needs decision_function_shape='ovr', not 'ovo'")
		}
		if c.svm, err = decodeLibsvm(s, c.labels.n); err != nil {
			return nil, err
		}
		probability, err := s.boolean("probability")
		if err != nil {
			return nil, err
		}
		if !probability {
			return c, nil
		}
		p, err := decodePlatt(s, len(c.svm.rho))
		if err != nil {
			return nil, err
		}
		return svcProba{c, p}, nil
	}
}

func (c *svc) Class() string            { return c.class }
func (c *svc) NFeatures() int           { return c.svm.nFeatures }
func (c *svc) labelDType() tensor.DType { return c.labels.dtype }
func (c *svc) classes() int             { return c.labels.n }

// Predict returns the class libsvm's one-vs-one vote picks (ties go to the
// lower class index), or with break_ties the argmax of the one-vs-rest
// decision function.
func (c *svc) Predict(X Matrix) (*tensor.Tensor, error) {
	dec, votes := c.svm.decisions(X)
	if c.breakTies && c.classes() > 2 {
		votes = argmaxRows(ovrDecision(dec, X.Rows, c.classes()), X.Rows, c.classes())
	}
	return c.labels.pick(votes), nil
}

// DecisionFunction returns scikit-learn's decision_function: for two
// classes the negated libsvm value (positive means classes_[1]), shape
// [n]; otherwise the pairwise values [n, k(k-1)/2] ('ovo') or their
// one-vs-rest aggregation [n, k] ('ovr').
func (c *svc) DecisionFunction(X Matrix) (*tensor.Tensor, error) {
	dec, _ := c.svm.decisions(X)
	k := c.classes()
	switch {
	case k == 2:
		for i := range dec {
			dec[i] = -dec[i]
		}
		return tensor.New([]int{X.Rows}, dec)
	case c.ovr:
		return tensor.New([]int{X.Rows, k}, ovrDecision(dec, X.Rows, k))
	}
	return tensor.New([]int{X.Rows, len(c.svm.rho)}, dec)
}

// PredictProba returns libsvm's Platt-scaled, pairwise-coupled class
// probabilities.
func (c svcProba) PredictProba(X Matrix) (*tensor.Tensor, error) {
	dec, _ := c.svm.decisions(X)
	return tensor.New([]int{X.Rows, c.classes()}, c.probabilities(dec, X.Rows, c.classes()))
}
