package sklearn

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// TestTableErrors checks that bad DataFrame-style requests are the client's
// errors, naming the column at fault.
func TestTableErrors(t *testing.T) {
	e := readExpected(t, "../../testdata/sklearn/columns_onehot_strict/expected.json")
	m, err := Load("../../testdata/sklearn/columns_onehot_strict/model.p4.pkl")
	if err != nil {
		t.Fatal(err)
	}
	good := e.inputs(t)
	if _, err := m.Predict(context.Background(), good, nil); err != nil {
		t.Fatalf("the recorded rows: %v", err)
	}
	// The dropped columns may be left out, or sent in any type.
	only := model.Tensors{"zone": good["zone"], "shape": good["shape"], "area": mustNew(t, []int{12, 1}, make([]string, 12))}
	if _, err := m.Predict(context.Background(), only, nil); err != nil {
		t.Errorf("without the dropped columns: %v", err)
	}
	with := func(name string, v *tensor.Tensor) model.Tensors {
		in := model.Tensors{}
		for k, x := range good {
			in[k] = x
		}
		in[name] = v
		return in
	}
	zones, _ := tensor.Values[string](good["zone"])
	unseen := append([]string{"A (agr)"}, zones[1:]...)
	for _, tc := range []struct {
		name string
		in   model.Tensors
		want string
	}{
		{"unknown category", with("zone", mustNew(t, []int{12, 1}, unseen)), `column "zone": unknown category "A (agr)"`},
		{"numbers for strings", with("zone", mustNew(t, []int{12, 1}, make([]float64, 12))), `"zone": want strings`},
		{"unknown column", with("colour", good["zone"]), `no input column "colour"`},
		{"rows differ", with("shape", mustNew(t, []int{3, 1}, []string{"Reg", "Reg", "Reg"})), "has 3 rows, others have 12"},
		{"not a column", with("shape", mustNew(t, []int{6, 2}, make([]string, 12))), "want shape [rows] or [rows, 1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.Predict(context.Background(), tc.in, nil)
			if !errors.As(err, new(*model.InputError)) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want an InputError containing %q", err, tc.want)
			}
		})
	}
}
