package sklearn

import (
	"fmt"
	"math/big"

	"github.com/slipwayml/slipway/format/pickle"
)

// state reads the fitted attributes of a pickled estimator, with errors that
// name the attribute.
type state struct{ o *pickle.Object }

func (s state) get(name string) (any, error) {
	v, ok := s.o.Attr(name)
	if !ok {
		return nil, fmt.Errorf("fitted attribute %s is missing (is the estimator fitted?)", name)
	}
	return v, nil
}

// has reports whether the attribute is present and not None.
func (s state) has(name string) bool {
	v, ok := s.o.Attr(name)
	if !ok {
		return false
	}
	_, isNone := v.(pickle.None)
	return !isNone
}

// raw returns the attribute as it was unpickled.
func (s state) raw(name string) (any, error) { return s.get(name) }

// array returns a numpy array attribute.
func (s state) array(name string) (*pickle.Array, error) {
	v, err := s.get(name)
	if err != nil {
		return nil, err
	}
	a, ok := v.(*pickle.Array)
	if !ok {
		return nil, fmt.Errorf("attribute %s: expected a numpy array, found %T", name, v)
	}
	return a, nil
}

// floats returns a numeric array attribute as float64s with its shape.
func (s state) floats(name string) ([]float64, []int, error) {
	a, err := s.array(name)
	if err != nil {
		return nil, nil, err
	}
	f, err := a.Float64s()
	if err != nil {
		return nil, nil, fmt.Errorf("attribute %s: %w", name, err)
	}
	return f, a.Shape, nil
}

// ints returns an integer array attribute as ints with its shape.
func (s state) ints(name string) ([]int64, []int, error) {
	a, err := s.array(name)
	if err != nil {
		return nil, nil, err
	}
	v, err := a.Int64s()
	if err != nil {
		return nil, nil, fmt.Errorf("attribute %s: %w", name, err)
	}
	return v, a.Shape, nil
}

// float returns a Python or numpy scalar attribute as float64; an array of one
// element is accepted too, as scikit-learn stores some scalars that way.
func (s state) float(name string) (float64, error) {
	v, err := s.get(name)
	if err != nil {
		return 0, err
	}
	f, ok := toFloat(v)
	if !ok {
		return 0, fmt.Errorf("attribute %s: expected a number, found %T", name, v)
	}
	return f, nil
}

// int returns an integer scalar attribute.
func (s state) int(name string) (int, error) {
	v, err := s.get(name)
	if err != nil {
		return 0, err
	}
	switch n := v.(type) {
	case int64:
		return int(n), nil
	case uint64:
		return int(n), nil
	case bool:
		if n {
			return 1, nil
		}
		return 0, nil
	case *big.Int:
		return 0, fmt.Errorf("attribute %s: integer %v out of range", name, n)
	}
	return 0, fmt.Errorf("attribute %s: expected an integer, found %T", name, v)
}

// str returns a string attribute.
func (s state) str(name string) (string, error) {
	v, err := s.get(name)
	if err != nil {
		return "", err
	}
	str, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("attribute %s: expected a string, found %T", name, v)
	}
	return str, nil
}

// boolean returns a bool attribute.
func (s state) boolean(name string) (bool, error) {
	v, err := s.get(name)
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("attribute %s: expected a bool, found %T", name, v)
	}
	return b, nil
}

// nFeatures returns n_features_in_ (scikit-learn ≥ 0.24) or -1.
func (s state) nFeatures() int {
	n, err := s.int("n_features_in_")
	if err != nil {
		return -1
	}
	return n
}

// toFloat reads a number, also from a one-element array as scikit-learn
// stores some scalars.
func toFloat(v any) (float64, bool) {
	if a, ok := v.(*pickle.Array); ok {
		f, err := a.Float64s()
		if err == nil && len(f) == 1 {
			return f[0], true
		}
		return 0, false
	}
	return pickle.Float(v)
}
