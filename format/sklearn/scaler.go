package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeStandardScaler, "sklearn.preprocessing._data.StandardScaler")
	register(decodeRobustScaler, "sklearn.preprocessing._data.RobustScaler")
	register(decodeMaxAbsScaler, "sklearn.preprocessing._data.MaxAbsScaler")
}

// scaler transforms each feature as (x - center) / scale; a nil center or
// scale is skipped, as scikit-learn skips the disabled step.
type scaler struct {
	class         string
	center, scale []float64
	features      int
}

func decodeStandardScaler(o *pickle.Object) (Estimator, error) {
	return decodeScaler(state{o}, "with_mean", "mean_", "with_std", "scale_")
}

func decodeRobustScaler(o *pickle.Object) (Estimator, error) {
	return decodeScaler(state{o}, "with_centering", "center_", "with_scaling", "scale_")
}

func decodeMaxAbsScaler(o *pickle.Object) (Estimator, error) {
	s := state{o}
	scale, err := vector(s, "scale_", s.nFeatures())
	if err != nil {
		return nil, err
	}
	return &scaler{class: "MaxAbsScaler", scale: scale, features: len(scale)}, nil
}

// decodeScaler reads the center and scale arrays, each only when its switch
// attribute is true.
func decodeScaler(s state, centerOn, centerAttr, scaleOn, scaleAttr string) (Estimator, error) {
	sc := &scaler{class: s.o.Class.Name, features: s.nFeatures()}
	var err error
	if sc.center, err = optionalVector(s, centerOn, centerAttr, &sc.features); err != nil {
		return nil, err
	}
	if sc.scale, err = optionalVector(s, scaleOn, scaleAttr, &sc.features); err != nil {
		return nil, err
	}
	return sc, nil
}

// optionalVector returns the per-feature array attr when the bool attribute
// on is true, checking its length against *features and setting it when
// still unknown.
func optionalVector(s state, on, attr string, features *int) ([]float64, error) {
	if enabled, err := s.boolean(on); err != nil || !enabled {
		return nil, err
	}
	v, err := vector(s, attr, *features)
	if err != nil {
		return nil, err
	}
	*features = len(v)
	return v, nil
}

// vector returns a 1-D float attribute of n elements (any n when n < 0).
func vector(s state, attr string, n int) ([]float64, error) {
	v, shape, err := s.floats(attr)
	if err != nil {
		return nil, err
	}
	if len(shape) != 1 || n >= 0 && shape[0] != n {
		return nil, fmt.Errorf("%s has shape %v, want [%s]", attr, shape, featureCount(n))
	}
	return v, nil
}

// Class implements Estimator.
func (sc *scaler) Class() string { return sc.class }

// NFeatures implements Estimator.
func (sc *scaler) NFeatures() int { return sc.features }

// Transform implements Transformer.
func (sc *scaler) Transform(X Matrix) (Matrix, error) {
	out := Matrix{Rows: X.Rows, Cols: X.Cols, Data: make([]float64, len(X.Data))}
	for i, x := range X.Data {
		j := i % X.Cols
		if sc.center != nil {
			x -= sc.center[j]
		}
		if sc.scale != nil {
			x /= sc.scale[j]
		}
		out.Data[i] = x
	}
	return out, nil
}
