package sklearn

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

// fittedObject builds a pickled estimator of the given class path from
// name, value pairs of fitted state.
func fittedObject(path string, attrs ...any) *pickle.Object {
	i := strings.LastIndex(path, ".")
	st := &pickle.Dict{}
	for j := 0; j < len(attrs); j += 2 {
		st.Set(attrs[j], attrs[j+1])
	}
	return &pickle.Object{Class: pickle.Global{Module: path[:i], Name: path[i+1:]}, State: st}
}

// floatArray builds a little-endian float64 numpy array.
func floatArray(shape []int, vals ...float64) *pickle.Array {
	data := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.LittleEndian.PutUint64(data[8*i:], math.Float64bits(v))
	}
	return &pickle.Array{Dtype: &pickle.Dtype{Kind: 'f', ByteOrder: '<', ItemSize: 8}, Shape: shape, Data: data}
}

func TestLinearDecodeErrors(t *testing.T) {
	const ridge = "sklearn.linear_model._ridge.Ridge"
	coef := floatArray([]int{2, 3}, 1, 2, 3, 4, 5, 6)
	tests := []struct {
		name    string
		attrs   []any
		wantErr string
	}{
		{"no coef", []any{"intercept_", 0.0}, "fitted attribute coef_ is missing"},
		{"coef not an array", []any{"coef_", "x", "intercept_", 0.0}, "attribute coef_: expected a numpy array"},
		{"coef 3-D", []any{"coef_", floatArray([]int{1, 1, 2}, 1, 2), "intercept_", 0.0}, "coef_ has shape [1 1 2], want 1-D or 2-D"},
		{"coef empty", []any{"coef_", floatArray([]int{0}), "intercept_", 0.0}, "want no empty axis"},
		{"features disagree", []any{"coef_", coef, "intercept_", 0.0, "n_features_in_", int64(4)}, "coef_ has 3 features but n_features_in_ is 4"},
		{"no intercept", []any{"coef_", coef}, "fitted attribute intercept_ is missing"},
		{"intercept length", []any{"coef_", coef, "intercept_", floatArray([]int{3}, 1, 2, 3)}, "intercept_ has 3 values for 2 outputs"},
		{"intercept not a number", []any{"coef_", coef, "intercept_", "zero"}, "attribute intercept_: expected a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(fittedObject(ridge, tt.attrs...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// TestLinearInterceptBroadcast checks the intercept_ forms scikit-learn
// stores: a scalar, one value for every output, or one per output.
func TestLinearInterceptBroadcast(t *testing.T) {
	coef := floatArray([]int{2, 2}, 1, 0, 0, 1)
	X := Matrix{Rows: 1, Cols: 2, Data: []float64{10, 20}}
	tests := []struct {
		name      string
		intercept any
		want      []float64
	}{
		{"python float", 0.5, []float64{10.5, 20.5}},
		{"one value", floatArray([]int{1}, 2), []float64{12, 22}},
		{"per output", floatArray([]int{2}, 1, -1), []float64{11, 19}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := decode(fittedObject("sklearn.linear_model._base.LinearRegression", "coef_", coef, "intercept_", tt.intercept))
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.(Predictor).Predict(X)
			if err != nil {
				t.Fatal(err)
			}
			if err := compare(got, []any{[]any{tt.want[0], tt.want[1]}}); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestLinearClassifierDecodeErrors(t *testing.T) {
	const svc = "sklearn.svm._classes.LinearSVC"
	classes := floatArray([]int{3}, 1, 2, 3)
	tests := []struct {
		name    string
		attrs   []any
		wantErr string
	}{
		{"no classes", []any{"coef_", floatArray([]int{3, 1}, 1, 2, 3), "intercept_", 0.0}, "fitted attribute classes_ is missing"},
		{"1-D coef", []any{"coef_", floatArray([]int{2}, 1, 2), "intercept_", 0.0, "classes_", classes}, "coef_ is 1-D"},
		{"rows disagree", []any{"coef_", floatArray([]int{2, 1}, 1, 2), "intercept_", 0.0, "classes_", classes}, "coef_ has 2 rows for 3 classes"},
		{"binary has one row", []any{"coef_", floatArray([]int{2, 1}, 1, 2), "intercept_", 0.0, "classes_", floatArray([]int{2}, 4, 5)}, "coef_ has 2 rows for 2 classes"},
		{"one class", []any{"coef_", floatArray([]int{1, 1}, 1), "intercept_", 0.0, "classes_", floatArray([]int{1}, 4)}, "coef_ has 1 rows for 1 classes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(fittedObject(svc, tt.attrs...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// TestExpitExtremes checks the sigmoid saturates without NaN where exp
// overflows, as scipy's expit does.
func TestExpitExtremes(t *testing.T) {
	for _, tt := range []struct{ x, want float64 }{
		{-1000, 0}, {1000, 1}, {0, 0.5}, {math.Inf(-1), 0}, {math.Inf(1), 1},
	} {
		if got := expit(tt.x); got != tt.want {
			t.Errorf("expit(%v) = %v, want %v", tt.x, got, tt.want)
		}
	}
}

func TestLinearClassifierLabelType(t *testing.T) {
	strs := &pickle.Array{Dtype: &pickle.Dtype{Kind: 'O'}, Shape: []int{2}, Objects: []any{"no", "yes"}}
	e, err := decode(fittedObject("sklearn.svm._classes.LinearSVC",
		"coef_", floatArray([]int{1, 2}, 1, -1), "intercept_", floatArray([]int{1}, 0), "classes_", strs))
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	if spec, _ := m.Signature().Output(MethodPredict); spec.DType != tensor.String {
		t.Errorf("predict dtype = %v, want %v", spec.DType, tensor.String)
	}
	got, err := e.(Predictor).Predict(Matrix{Rows: 3, Cols: 2, Data: []float64{2, 1, 1, 2, 1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	// A zero score is the negative class, as scores > 0 picks the positive.
	if err := compare(got, []any{"yes", "no", "no"}); err != nil {
		t.Error(err)
	}
}
