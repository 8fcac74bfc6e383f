package sklearn

import (
	"strings"
	"testing"
)

const logisticPath = "sklearn.linear_model._logistic.LogisticRegression"

func logistic(multiClass, solver string, classes int) []any {
	coef := make([]float64, 0, 2*classes)
	labels := make([]float64, classes)
	for k := range classes {
		coef = append(coef, float64(k)-1, 0.5*float64(k*k)-1)
		labels[k] = float64(k)
	}
	rows := classes
	if classes == 2 {
		rows, coef = 1, coef[:2]
	}
	return []any{
		"coef_", floatArray([]int{rows, 2}, coef...),
		"intercept_", floatArray([]int{rows}, make([]float64, rows)...),
		"classes_", floatArray([]int{classes}, labels...),
		"multi_class", multiClass, "solver", solver,
	}
}

// TestLogisticMultiClassResolution checks the multi_class settings that
// scikit-learn 1.2 cannot write ("warn" of 0.20–0.21, "deprecated" of 1.5)
// resolve to the same probabilities as the settings they stand for, which
// the conformance cases check against scikit-learn.
func TestLogisticMultiClassResolution(t *testing.T) {
	X := Matrix{Rows: 2, Cols: 2, Data: []float64{0.3, -1.2, 2, 0.7}}
	tests := []struct {
		multiClass, solver string
		classes            int
		sameAs             string
	}{
		{"deprecated", "lbfgs", 3, "multinomial"},
		{"deprecated", "lbfgs", 2, "ovr"},
		{"deprecated", "liblinear", 3, "ovr"},
		{"auto", "saga", 4, "multinomial"},
		{"warn", "lbfgs", 3, "ovr"},
	}
	for _, tt := range tests {
		t.Run(tt.multiClass+"/"+tt.solver, func(t *testing.T) {
			proba := func(multiClass string) []float64 {
				e, err := decode(fittedObject(logisticPath, logistic(multiClass, tt.solver, tt.classes)...))
				if err != nil {
					t.Fatal(err)
				}
				p, err := e.(ProbaPredictor).PredictProba(X)
				if err != nil {
					t.Fatal(err)
				}
				f, _ := p.Float64s()
				return f
			}
			got, want := proba(tt.multiClass), proba(tt.sameAs)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("probabilities %v, want those of %s: %v", got, tt.sameAs, want)
				}
			}
		})
	}
}

func TestLogisticDecodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		attrs   []any
		wantErr string
	}{
		{"unknown multi_class", logistic("crammer_singer", "lbfgs", 3), `unknown multi_class "crammer_singer"`},
		{"no solver", logistic("auto", "lbfgs", 3)[:8], "fitted attribute solver is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(fittedObject(logisticPath, tt.attrs...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
