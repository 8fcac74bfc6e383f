package sklearn

import (
	"strings"
	"testing"
)

const sgdPath = "sklearn.linear_model._stochastic_gradient.SGDClassifier"

func sgd(loss string) []any {
	return []any{
		"coef_", floatArray([]int{3, 2}, 1, 0, 0, 1, -1, -1),
		"intercept_", floatArray([]int{3}, 0, 0, 0),
		"classes_", floatArray([]int{3}, 1, 2, 3),
		"loss", loss,
	}
}

func TestSGDMethodsByLoss(t *testing.T) {
	for _, tt := range []struct {
		loss  string
		proba bool
	}{
		{"hinge", false}, {"perceptron", false}, {"squared_hinge", false},
		{"log", true}, {"log_loss", true}, {"modified_huber", true},
	} {
		t.Run(tt.loss, func(t *testing.T) {
			e, err := decode(fittedObject(sgdPath, sgd(tt.loss)...))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := e.(ProbaPredictor); ok != tt.proba {
				t.Errorf("has predict_proba: %v, want %v", ok, tt.proba)
			}
		})
	}
	_, err := decode(fittedObject(sgdPath, sgd("hubris")...))
	if err == nil || !strings.Contains(err.Error(), `unknown loss "hubris"`) {
		t.Errorf("unknown loss: err = %v", err)
	}
}

// TestModifiedHuberAllZero checks a row whose every score is at most -1
// gets uniform probabilities, as scikit-learn's predict_proba does, next to
// rows normalised the ordinary way.
func TestModifiedHuberAllZero(t *testing.T) {
	attrs := sgd("modified_huber")
	attrs[1] = floatArray([]int{3, 2}, 1, 0, 0, 1, 1, 1)
	e, err := decode(fittedObject(sgdPath, attrs...))
	if err != nil {
		t.Fatal(err)
	}
	// Scores (-2, -2, -4) all clip to 0; (0.5, -3, -2.5) to (0.75, 0, 0);
	// (0.5, 0, 0.5) to (0.75, 0.5, 0.75).
	X := Matrix{Rows: 3, Cols: 2, Data: []float64{-2, -2, 0.5, -3, 0.5, 0}}
	p, err := e.(ProbaPredictor).PredictProba(X)
	if err != nil {
		t.Fatal(err)
	}
	third := 1.0 / 3
	want := []any{
		[]any{third, third, third},
		[]any{1.0, 0.0, 0.0},
		[]any{0.375, 0.25, 0.375},
	}
	if err := compare(p, want); err != nil {
		t.Error(err)
	}
}
