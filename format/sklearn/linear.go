package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

// linear is the fitted state every linear model shares: scores are
// X·coef_ᵀ + intercept_, one column per class or target.
type linear struct {
	class     string
	coef      []float64 // outputs×features, row-major
	intercept []float64 // one per output
	outputs   int
	features  int
	vector    bool // coef_ is 1-D, so predictions are 1-D too
}

// decodeLinear reads coef_ (1-D or 2-D) and intercept_.
func decodeLinear(s state) (linear, error) {
	coef, shape, err := s.floats("coef_")
	if err != nil {
		return linear{}, err
	}
	l := linear{class: s.o.Class.Name, coef: coef}
	switch len(shape) {
	case 1:
		l.outputs, l.features, l.vector = 1, shape[0], true
	case 2:
		l.outputs, l.features = shape[0], shape[1]
	default:
		return linear{}, fmt.Errorf("coef_ has shape %v, want 1-D or 2-D", shape)
	}
	if l.outputs == 0 || l.features == 0 {
		return linear{}, fmt.Errorf("coef_ has shape %v, want no empty axis", shape)
	}
	if nf := s.nFeatures(); nf >= 0 && nf != l.features {
		return linear{}, fmt.Errorf("coef_ has %d features but n_features_in_ is %d", l.features, nf)
	}
	if l.intercept, err = decodeIntercept(s, l.outputs); err != nil {
		return linear{}, err
	}
	return l, nil
}

// decodeIntercept returns one intercept per output. Models without an
// intercept store 0.0 and single-target ones a numpy scalar or a one-element
// array, which apply to every output.
func decodeIntercept(s state, outputs int) ([]float64, error) {
	v, err := s.raw("intercept_")
	if err != nil {
		return nil, err
	}
	if a, ok := v.(*pickle.Array); ok && a.Len() != 1 {
		f, err := a.Float64s()
		if err != nil {
			return nil, fmt.Errorf("attribute intercept_: %w", err)
		}
		if len(f) != outputs {
			return nil, fmt.Errorf("intercept_ has %d values for %d outputs of coef_", len(f), outputs)
		}
		return f, nil
	}
	c, err := s.float("intercept_")
	if err != nil {
		return nil, err
	}
	b := make([]float64, outputs)
	for i := range b {
		b[i] = c
	}
	return b, nil
}

// decision returns the rows×outputs scores of X.
func (l *linear) decision(X Matrix) []float64 {
	out := make([]float64, X.Rows*l.outputs)
	for i := 0; i < X.Rows; i++ {
		x := X.Row(i)
		for k := 0; k < l.outputs; k++ {
			w := l.coef[k*l.features : (k+1)*l.features]
			var dot float64
			for j, xj := range x {
				dot += xj * w[j]
			}
			out[i*l.outputs+k] = dot + l.intercept[k]
		}
	}
	return out
}

// predictions shapes rows×outputs values as scikit-learn's predict does:
// [rows] when coef_ is 1-D, else [rows, outputs].
func (l *linear) predictions(rows int, y []float64) (*tensor.Tensor, error) {
	if l.vector {
		return tensor.New([]int{rows}, y)
	}
	return tensor.New([]int{rows, l.outputs}, y)
}

// Class implements Estimator.
func (l *linear) Class() string { return l.class }

// NFeatures implements Estimator.
func (l *linear) NFeatures() int { return l.features }
