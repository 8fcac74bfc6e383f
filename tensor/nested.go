package tensor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FromNested builds a tensor from a nested list as parsed by
// internal/jsonvalue (or a scalar, giving rank 0), inferring the shape.
//
// With dt == Invalid the dtype is inferred: all booleans BOOL, all strings
// (or TF Serving {"b64": ...} objects) BYTES, all integer literals INT64,
// numbers with a fraction, an exponent, NaN or Infinity FP64. Integer
// literals beyond int64 make the tensor FP64 only when every integer is
// exactly a float64.
//
// Otherwise elements are converted to dt where the value is preserved:
// integers must be in range, and a literal with a fraction or exponent is an
// integer only if it is integral and at most 2^53 in magnitude. Floats round
// to nearest (FP16 through float32) but may not overflow. BOOL takes only
// JSON booleans and BYTES only strings.
//
// Ragged lists, mixed kinds, nulls, objects and non-numbers for numeric
// dtypes are errors naming the element.
func FromNested(v any, dt DType) (*Tensor, error) {
	shape, rows, err := nested(v)
	if err != nil {
		return nil, err
	}
	return decode(shape, rows, dt)
}

// FromFlat builds a tensor of the given dtype and shape from V2 "data": a
// flat or nested list whose element count must equal the shape's product.
// Elements are converted as by FromNested; dt == Invalid infers the dtype.
func FromFlat(v any, shape []int, dt DType) (*Tensor, error) {
	want, err := NumElements(shape)
	if err != nil {
		return nil, err
	}
	dataShape, rows, err := nested(v)
	if err != nil {
		return nil, err
	}
	if n, _ := NumElements(dataShape); n != want {
		return nil, fmt.Errorf("%w: data has %d elements, shape %v needs %d", ErrShape, n, shape, want)
	}
	return decode(slices.Clone(shape), rows, dt)
}

// nested returns the shape of a regular nested list and its innermost
// lists, whose concatenation is the row-major element order. A scalar is
// rank 0 with one row of one element.
func nested(v any) (shape []int, rows [][]any, err error) {
	list, ok := v.([]any)
	if !ok {
		return []int{}, [][]any{{v}}, nil
	}
	// The first element at each depth fixes the shape; walk checks the rest.
	rank := 1
	for l := list; len(l) > 0; rank++ {
		next, ok := l[0].([]any)
		if !ok {
			break
		}
		l = next
	}
	shape = make([]int, rank)
	for i, l := 0, list; i < rank; i++ {
		shape[i] = len(l)
		if i+1 < rank {
			l = l[0].([]any)
		}
	}
	if _, err := NumElements(shape); err != nil {
		return nil, nil, err
	}
	// rows grows as walk finds them: the shape read off the first elements
	// may promise far more rows than a ragged input holds.
	w := walker{shape: shape, path: make([]int, 0, rank-1)}
	if err := w.walk(list, 0); err != nil {
		return nil, nil, err
	}
	return shape, w.rows, nil
}

// walker checks every list against the shape while collecting the rows.
type walker struct {
	shape []int
	rows  [][]any
	path  []int // indices from the root to the list being walked
}

func (w *walker) walk(l []any, depth int) error {
	if len(l) != w.shape[depth] {
		return fmt.Errorf("ragged nested list: row %s has %d elements, row %s has %d",
			w.pathString(), len(l), firstPath(depth), w.shape[depth])
	}
	if depth == len(w.shape)-1 {
		w.rows = append(w.rows, l)
		return nil
	}
	for i, e := range l {
		w.path = append(w.path, i)
		sub, ok := e.([]any)
		if !ok {
			return fmt.Errorf("ragged nested list: row %s is %s, row %s is a list",
				w.pathString(), kind(e), firstPath(depth+1))
		}
		if err := w.walk(sub, depth+1); err != nil {
			return err
		}
		w.path = w.path[:len(w.path)-1]
	}
	return nil
}

// pathString writes the current row's indices as "2" or "1,0,2".
func (w *walker) pathString() string {
	if len(w.path) == 0 {
		return "(top)"
	}
	var b strings.Builder
	for i, p := range w.path {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(p))
	}
	return b.String()
}

// firstPath names the first row at depth, whose length fixed the shape.
func firstPath(depth int) string {
	if depth == 0 {
		return "(top)"
	}
	return strings.TrimSuffix(strings.Repeat("0,", depth), ",")
}
