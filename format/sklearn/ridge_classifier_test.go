package sklearn

import (
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
)

func TestRidgeClassifierDecodeErrors(t *testing.T) {
	const ridge = "sklearn.linear_model._ridge.RidgeClassifier"
	binarizer := func(yType string) *pickle.Object {
		return fittedObject("sklearn.preprocessing._label.LabelBinarizer",
			"classes_", floatArray([]int{3}, 1, 2, 3), "y_type_", yType)
	}
	coef := []any{"coef_", floatArray([]int{3, 1}, 1, 2, 3), "intercept_", 0.0}
	tests := []struct {
		name    string
		attrs   []any
		wantErr string
	}{
		{"no binarizer", coef, "fitted attribute _label_binarizer is missing"},
		{"binarizer not an object", append(coef, "_label_binarizer", "lb"), "attribute _label_binarizer: expected a LabelBinarizer, found string"},
		{"multilabel", append(coef, "_label_binarizer", binarizer("multilabel-indicator")), `multilabel classification (y_type_ "multilabel-indicator") is not supported`},
		{"no y_type_", append(coef, "_label_binarizer", fittedObject("sklearn.preprocessing._label.LabelBinarizer")), "_label_binarizer: fitted attribute y_type_ is missing"},
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
