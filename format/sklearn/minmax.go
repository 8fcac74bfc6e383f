package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeMinMaxScaler, "sklearn.preprocessing._data.MinMaxScaler")
}

// minMaxScaler transforms each feature as x*scale_ + min_, clipped to
// feature_range when clip is set.
type minMaxScaler struct {
	scale, min []float64
	clip       bool
	lo, hi     float64
}

func decodeMinMaxScaler(o *pickle.Object) (Estimator, error) {
	s := state{o}
	scale, err := vector(s, "scale_", s.nFeatures())
	if err != nil {
		return nil, err
	}
	min, err := vector(s, "min_", len(scale))
	if err != nil {
		return nil, err
	}
	m := &minMaxScaler{scale: scale, min: min}
	if !s.has("clip") { // added in 0.24
		return m, nil
	}
	if m.clip, err = s.boolean("clip"); err != nil || !m.clip {
		return m, err
	}
	m.lo, m.hi, err = featureRange(s)
	return m, err
}

// featureRange reads the (min, max) pair clipping uses.
func featureRange(s state) (lo, hi float64, err error) {
	v, err := s.raw("feature_range")
	if err != nil {
		return 0, 0, err
	}
	var pair []any
	switch r := v.(type) {
	case pickle.Tuple:
		pair = r
	case *pickle.List:
		pair = r.Items
	}
	if len(pair) == 2 {
		lo, okLo := toFloat(pair[0])
		hi, okHi := toFloat(pair[1])
		if okLo && okHi {
			return lo, hi, nil
		}
	}
	return 0, 0, fmt.Errorf("feature_range: expected a pair of numbers, found %v", v)
}

// Class implements Estimator.
func (m *minMaxScaler) Class() string { return "MinMaxScaler" }

// NFeatures implements Estimator.
func (m *minMaxScaler) NFeatures() int { return len(m.scale) }

// Transform implements Transformer.
func (m *minMaxScaler) Transform(X Matrix) (Matrix, error) {
	out := Matrix{Rows: X.Rows, Cols: X.Cols, Data: make([]float64, len(X.Data))}
	for i, x := range X.Data {
		j := i % X.Cols
		x = float64(x*m.scale[j]) + m.min[j] // two roundings, as numpy: no fused multiply-add
		if m.clip {
			x = math.Min(math.Max(x, m.lo), m.hi)
		}
		out.Data[i] = x
	}
	return out, nil
}
