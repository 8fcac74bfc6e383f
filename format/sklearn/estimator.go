package sklearn

import (
	"fmt"
	"sort"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

// Matrix is a dense row-major float64 matrix: the X every estimator takes.
type Matrix struct {
	Rows, Cols int
	Data       []float64
}

// Row returns row i, sharing storage.
func (m Matrix) Row(i int) []float64 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// Estimator is a fitted scikit-learn estimator decoded from a pickle.
// Estimators are immutable after decoding and safe for concurrent use.
// Their methods are given X with exactly NFeatures columns (when NFeatures
// is known); the caller checks that.
type Estimator interface {
	// Class is the scikit-learn class name, e.g. "LogisticRegression".
	Class() string
	// NFeatures is the number of input columns, or -1 when the fitted state
	// does not record it.
	NFeatures() int
}

// Predictor is an estimator with predict. Classifiers return their class
// labels with the labels' type (INT64, FP64, BYTES or BOOL); regressors FP64
// of shape [n] or [n, outputs].
type Predictor interface {
	Predict(X Matrix) (*tensor.Tensor, error)
}

// ProbaPredictor is a classifier with predict_proba: FP64 of shape [n, classes].
type ProbaPredictor interface {
	PredictProba(X Matrix) (*tensor.Tensor, error)
}

// DecisionFunctioner is an estimator with decision_function: FP64 of the
// shape scikit-learn returns ([n] for binary problems, [n, k] otherwise).
type DecisionFunctioner interface {
	DecisionFunction(X Matrix) (*tensor.Tensor, error)
}

// Transformer is a preprocessing step of a Pipeline.
type Transformer interface {
	Transform(X Matrix) (Matrix, error)
}

// decoder builds an Estimator from a pickled object's fitted state.
type decoder func(o *pickle.Object) (Estimator, error)

var decoders = map[string]decoder{}

// register makes the classes at the given fully qualified Python paths
// (module.Class, as the pickle names them) decodable. Each estimator file
// calls it from init with every module path scikit-learn 0.23–1.5 used.
func register(d decoder, paths ...string) {
	for _, p := range paths {
		if _, dup := decoders[p]; dup {
			panic("sklearn: class registered twice: " + p)
		}
		decoders[p] = d
	}
}

// helperClasses are classes that fitted estimators hold as attributes (a
// Tree, a loss object) and that unpickle as inert objects; they are allowed
// in pickles but never decoded as estimators.
var helperClasses = map[string]bool{}

// allowHelpers adds classes to helperClasses; estimator files call it from
// init next to register.
func allowHelpers(paths ...string) {
	for _, p := range paths {
		if helperClasses[p] {
			panic("sklearn: helper class allowed twice: " + p)
		}
		helperClasses[p] = true
	}
}

// supportedClasses lists the registered class paths, sorted.
func supportedClasses() []string {
	out := make([]string, 0, len(decoders))
	for p := range decoders {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// decode turns a pickled value into an Estimator.
func decode(v any) (Estimator, error) {
	o, ok := v.(*pickle.Object)
	if !ok {
		return nil, fmt.Errorf("expected a scikit-learn estimator, found %T", v)
	}
	d, ok := decoders[o.Class.String()]
	if !ok {
		return nil, fmt.Errorf("unsupported estimator %s", o.Class)
	}
	e, err := d(o)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Class.Name, err)
	}
	return e, nil
}
