package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

// labels holds a classifier's classes_ with their Python type kept: integer
// labels stay INT64, strings BYTES, floats FP64, bools BOOL.
type labels struct {
	ints   []int64
	floats []float64
	strs   []string
	bools  []bool
	dtype  tensor.DType
	n      int
}

// decodeLabels reads s's classes_ array (numeric or object dtype).
func decodeLabels(s state) (labels, error) {
	v, err := s.raw("classes_")
	if err != nil {
		return labels{}, err
	}
	a, ok := v.(*pickle.Array)
	if !ok {
		return labels{}, fmt.Errorf("classes_: expected a numpy array, found %T", v)
	}
	switch a.Dtype.Kind {
	case 'i', 'u':
		x, err := a.Int64s()
		return labels{ints: x, dtype: tensor.Int64, n: len(x)}, err
	case 'f':
		x, err := a.Float64s()
		return labels{floats: x, dtype: tensor.Float64, n: len(x)}, err
	case 'b':
		x, err := a.Float64s()
		b := make([]bool, len(x))
		for i := range x {
			b[i] = x[i] != 0
		}
		return labels{bools: b, dtype: tensor.Bool, n: len(b)}, err
	case 'U', 'S', 'O':
		vals, err := a.Values()
		if err != nil {
			return labels{}, fmt.Errorf("classes_: %w", err)
		}
		return labelsFromValues(vals)
	}
	return labels{}, fmt.Errorf("classes_: unsupported dtype kind %q", a.Dtype.Kind)
}

// labelsFromValues types an object array of labels by its elements: all
// strings, all integers, or all numbers.
func labelsFromValues(vals []any) (labels, error) {
	l := labels{n: len(vals)}
	allStr, allInt, allNum := true, true, true
	for _, v := range vals {
		switch v.(type) {
		case string:
			allInt, allNum = false, false
		case int64, bool:
			allStr = false
		case float64:
			allStr, allInt = false, false
		default:
			return labels{}, fmt.Errorf("classes_: unsupported label %v (%T)", v, v)
		}
	}
	switch {
	case allStr:
		l.dtype = tensor.String
		for _, v := range vals {
			l.strs = append(l.strs, v.(string))
		}
	case allInt:
		l.dtype = tensor.Int64
		for _, v := range vals {
			if b, ok := v.(bool); ok {
				l.ints = append(l.ints, map[bool]int64{false: 0, true: 1}[b])
				continue
			}
			l.ints = append(l.ints, v.(int64))
		}
	case allNum:
		l.dtype = tensor.Float64
		for _, v := range vals {
			f, _ := toFloat(v)
			l.floats = append(l.floats, f)
		}
	default:
		return labels{}, fmt.Errorf("classes_: mixes strings and numbers")
	}
	return l, nil
}

// pick returns the labels at the given class indices as a tensor of shape [len(idx)].
func (l labels) pick(idx []int) *tensor.Tensor {
	shape := []int{len(idx)}
	var t *tensor.Tensor
	var err error
	switch l.dtype {
	case tensor.Int64:
		out := make([]int64, len(idx))
		for i, k := range idx {
			out[i] = l.ints[k]
		}
		t, err = tensor.New(shape, out)
	case tensor.Float64:
		out := make([]float64, len(idx))
		for i, k := range idx {
			out[i] = l.floats[k]
		}
		t, err = tensor.New(shape, out)
	case tensor.Bool:
		out := make([]bool, len(idx))
		for i, k := range idx {
			out[i] = l.bools[k]
		}
		t, err = tensor.New(shape, out)
	default:
		out := make([]string, len(idx))
		for i, k := range idx {
			out[i] = l.strs[k]
		}
		t, err = tensor.New(shape, out)
	}
	if err != nil {
		panic(err) // shape is built from len(idx); cannot fail
	}
	return t
}

// index returns the position of a label given as a Python value.
func (l labels) index(v any) (int, error) {
	for i := 0; i < l.n; i++ {
		var eq bool
		switch l.dtype {
		case tensor.Int64:
			f, ok := toFloat(v)
			eq = ok && f == float64(l.ints[i])
		case tensor.Float64:
			f, ok := toFloat(v)
			eq = ok && f == l.floats[i]
		case tensor.Bool:
			b, ok := v.(bool)
			eq = ok && b == l.bools[i]
		default:
			s, ok := v.(string)
			eq = ok && s == l.strs[i]
		}
		if eq {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%v is not one of the classes", v)
}

// argmaxRows returns, for each row of an n×k matrix, the index of its first
// maximum as numpy's argmax does: a NaN counts as the maximum, so the first
// NaN wins.
func argmaxRows(data []float64, n, k int) []int {
	idx := make([]int, n)
	for i := 0; i < n; i++ {
		row := data[i*k : (i+1)*k]
		best := 0
		for j := 1; j < k && !math.IsNaN(row[best]); j++ {
			if row[j] > row[best] || math.IsNaN(row[j]) {
				best = j
			}
		}
		idx[i] = best
	}
	return idx
}
