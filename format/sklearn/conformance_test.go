package sklearn

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// expected is a case's expected.json, written by scripts/gen_sklearn.py.
type expected struct {
	Class   string                     `json:"class"`
	Version string                     `json:"sklearn_version"`
	X       [][]float64                `json:"X"`
	Columns []expectedColumn           `json:"columns"`
	Files   []string                   `json:"files"`
	Raw     map[string]json.RawMessage `json:"-"`
}

// expectedColumn is one column of a case fitted on a DataFrame.
type expectedColumn struct {
	Name    string   `json:"name"`
	Strings []string `json:"strings"`
	Numbers []any    `json:"numbers"` // numbers or "NaN"
}

// inputs returns the rows of a case as the model's inputs: one matrix, or
// one [rows, 1] tensor per column.
func (e expected) inputs(t testing.TB) model.Tensors {
	if e.Columns == nil {
		rows := len(e.X)
		cols := 0
		if rows > 0 {
			cols = len(e.X[0])
		}
		flat := make([]float64, 0, rows*cols)
		for _, r := range e.X {
			flat = append(flat, r...)
		}
		return model.Tensors{"x": mustNew(t, []int{rows, cols}, flat)}
	}
	in := model.Tensors{}
	for _, c := range e.Columns {
		if c.Strings != nil {
			in[c.Name] = mustNew(t, []int{len(c.Strings), 1}, c.Strings)
			continue
		}
		f := make([]float64, len(c.Numbers))
		for i, v := range c.Numbers {
			switch v := v.(type) {
			case float64:
				f[i] = v
			case string:
				f[i] = math.NaN()
			}
		}
		in[c.Name] = mustNew(t, []int{len(f), 1}, f)
	}
	return in
}

func mustNew[T tensor.Elem](t testing.TB, shape []int, data []T) *tensor.Tensor {
	t.Helper()
	x, err := tensor.New(shape, data)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func readExpected(t testing.TB, path string) expected {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var e expected
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := json.Unmarshal(b, &e.Raw); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestConformance loads every generated model in testdata/sklearn in every
// way it was saved and compares each method's output with scikit-learn's:
// labels exactly, numbers within 1e-6 relative or 1e-9 absolute.
func TestConformance(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/sklearn/*/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no test cases under testdata/sklearn; run scripts/gen_sklearn.py")
	}
	for _, path := range dirs {
		dir := filepath.Dir(path)
		e := readExpected(t, path)
		for _, f := range e.Files {
			t.Run(filepath.Base(dir)+"/"+f, func(t *testing.T) {
				t.Parallel()
				checkCase(t, filepath.Join(dir, f), e)
			})
		}
	}
}

func checkCase(t *testing.T, file string, e expected) {
	m, err := Load(file)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if got := m.Estimator().Class(); got != e.Class {
		t.Errorf("class = %s, want %s", got, e.Class)
	}
	in := e.inputs(t)
	for _, method := range []string{MethodPredict, MethodPredictProba, MethodDecisionFunction} {
		raw, ok := e.Raw[method]
		_, has := m.Signature().Output(method)
		if ok != has {
			t.Errorf("%s: scikit-learn has it: %v, we have it: %v", method, ok, has)
			continue
		}
		if !ok {
			continue
		}
		out, err := m.Predict(context.Background(), in, []string{method})
		if err != nil {
			t.Errorf("%s: %v", method, err)
			continue
		}
		var want any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if err := compare(out[method], want); err != nil {
			t.Errorf("%s: %v", method, err)
		}
		// The signature states what every row gets.
		spec, _ := m.Signature().Output(method)
		if got := out[method]; spec.DType != got.DType() || fmt.Sprint(spec.Shape[1:]) != fmt.Sprint(got.Shape()[1:]) {
			t.Errorf("%s: signature says %v %v per batch, output is %v %v", method, spec.DType, spec.Shape, got.DType(), got.Shape())
		}
	}
}

// compare checks a tensor against nested JSON values.
func compare(got *tensor.Tensor, want any) error {
	var wantFlat []any
	var wantShape []int
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if l, ok := v.([]any); ok {
			if len(wantShape) <= depth {
				wantShape = append(wantShape, len(l))
			}
			for _, x := range l {
				walk(x, depth+1)
			}
			return
		}
		wantFlat = append(wantFlat, v)
	}
	walk(want, 0)
	if fmt.Sprint(got.Shape()) != fmt.Sprint(wantShape) {
		return fmt.Errorf("shape %v, want %v", got.Shape(), wantShape)
	}
	for i, w := range wantFlat {
		var g any
		switch d := got.Data().(type) {
		case []string:
			g = d[i]
		case []int64:
			g = float64(d[i])
		case []bool:
			g = d[i]
		default:
			f, err := got.Float64s()
			if err != nil {
				return err
			}
			g = f[i]
		}
		if err := compareElem(g, w, got.DType()); err != nil {
			return fmt.Errorf("element %d: %v", i, err)
		}
	}
	return nil
}

func compareElem(g, w any, dt tensor.DType) error {
	if s, ok := w.(string); ok {
		switch s {
		case "NaN":
			w = math.NaN()
		case "Infinity":
			w = math.Inf(1)
		case "-Infinity":
			w = math.Inf(-1)
		}
	}
	gf, gNum := g.(float64)
	wf, wNum := w.(float64)
	if gNum && wNum {
		if dt == tensor.Int64 {
			if gf != wf {
				return fmt.Errorf("got %v, want %v", gf, wf)
			}
			return nil
		}
		if math.IsNaN(wf) && math.IsNaN(gf) || gf == wf {
			return nil
		}
		if d := math.Abs(gf - wf); d > 1e-9 && d > 1e-6*math.Abs(wf) {
			return fmt.Errorf("got %.17g, want %.17g", gf, wf)
		}
		return nil
	}
	if g != w {
		return fmt.Errorf("got %v (%T), want %v (%T)", g, g, w, w)
	}
	return nil
}
