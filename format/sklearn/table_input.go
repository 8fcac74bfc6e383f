package sklearn

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// tableInput is how a pipeline fitted on a pandas DataFrame takes its
// input: one named input per DataFrame column, BYTES where the fitted
// encoders or imputers hold strings, FP64 elsewhere. front is the
// pipeline's first step, which turns those columns into numbers.
type tableInput struct {
	front columnar
	names []string
	str   []bool
	used  []bool // columns some transformer reads; others may be omitted
}

// splitTable returns the table front of est and the estimator that runs
// after it, or nil when est takes a plain matrix.
func splitTable(est Estimator) (*tableInput, Estimator, error) {
	pb, ok := est.(interface{ base() *pipeline })
	if !ok {
		return nil, est, nil
	}
	p := pb.base()
	front, ok := p.steps[0].(columnar)
	if !ok || len(p.steps) < 2 {
		return nil, est, nil
	}
	in := &tableInput{front: front, names: front.columnNames(), str: front.stringColumns()}
	if in.names == nil {
		if slices.Contains(in.str, true) {
			// Strings without column names: a single BYTES matrix could
			// carry them only if every column were strings.
			return nil, nil, fmt.Errorf("%s was fitted on an array holding strings; refit it on a pandas DataFrame so each column has a name", front.Class())
		}
		return nil, est, nil
	}
	if ct, ok := front.(*columnTransformer); ok {
		in.used = ct.used()
	} else {
		in.used = slices.Repeat([]bool{true}, len(in.names))
	}
	return in, p.tail(), nil
}

// specs describes the inputs: one [-1, 1] column each, as KServe and
// MLServer send a DataFrame.
func (in *tableInput) specs() []model.TensorSpec {
	out := make([]model.TensorSpec, len(in.names))
	for j, n := range in.names {
		dt := tensor.Float64
		if in.str[j] {
			dt = tensor.String
		}
		out[j] = model.TensorSpec{Name: n, DType: dt, Shape: []int{-1, 1}}
	}
	return out
}

// matrix builds the table from one tensor per column and runs the front.
func (in *tableInput) matrix(inputs model.Tensors) (Matrix, error) {
	for name := range inputs {
		if !slices.Contains(in.names, name) {
			return Matrix{}, model.BadInput("model has no input column %q (columns: %v)", name, in.names)
		}
	}
	t := Table{Rows: -1, Names: in.names, Cols: make([]Column, len(in.names))}
	for j, name := range in.names {
		if !in.used[j] {
			continue // never read: filled below, once the row count is known
		}
		v, ok := inputs[name]
		if !ok {
			return Matrix{}, model.BadInput("missing input column %q", name)
		}
		col, rows, err := column(v, in.str[j])
		if err != nil {
			return Matrix{}, model.BadInput("input column %q: %v", name, err)
		}
		if t.Rows >= 0 && rows != t.Rows {
			return Matrix{}, model.BadInput("input column %q has %d rows, others have %d", name, rows, t.Rows)
		}
		t.Rows, t.Cols[j] = rows, col
	}
	for j := range t.Cols {
		if !in.used[j] {
			t.Cols[j] = Column{Num: make([]float64, max(t.Rows, 0))}
		}
	}
	out, err := in.front.transformTable(t)
	if err != nil {
		return Matrix{}, model.BadInput("%s: %v", in.front.Class(), err)
	}
	X, err := out.matrix()
	if err != nil {
		return Matrix{}, fmt.Errorf("%s: %w", in.front.Class(), err)
	}
	return X, nil
}

// column reads one input column of shape [n] or [n, 1].
func column(t *tensor.Tensor, isStr bool) (Column, int, error) {
	sh := t.Shape()
	if len(sh) == 0 || len(sh) > 2 || len(sh) == 2 && sh[1] != 1 {
		return Column{}, 0, fmt.Errorf("want shape [rows] or [rows, 1], got %v", sh)
	}
	if isStr {
		s, ok := tensor.Values[string](t)
		if !ok {
			return Column{}, 0, fmt.Errorf("want strings (BYTES), got %v", t.DType())
		}
		return Column{Str: s}, sh[0], nil
	}
	if t.DType() == tensor.String {
		return Column{}, 0, fmt.Errorf("want numbers, got strings")
	}
	f, err := t.Float64s()
	if err != nil {
		return Column{}, 0, err
	}
	return Column{Num: f}, sh[0], nil
}
