package sklearn

import (
	"strings"
	"testing"
)

func TestGLMDecodeErrors(t *testing.T) {
	const tweedie = "sklearn.linear_model._glm.glm.TweedieRegressor"
	coef := []any{"coef_", floatArray([]int{2}, 1, 2), "intercept_", 0.0}
	tests := []struct {
		name    string
		attrs   []any
		wantErr string
	}{
		{"no link", coef, "fitted attribute link is missing"},
		{"unknown link", append(coef, "link", "logit"), `unknown link "logit"`},
		{"auto without power", append(coef, "link", "auto"), "fitted attribute power is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(fittedObject(tweedie, tt.attrs...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
