package runtime

import (
	"context"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
)

func TestPredictSignatureNeedsSignatures(t *testing.T) {
	r := New(Options{})
	if err := r.Add("m", "", stub{}); err != nil {
		t.Fatal(err)
	}
	v, err := r.Lookup("m", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = v.PredictSignature(context.Background(), "serving_default", nil, nil)
	if !model.IsInputError(err) || !strings.Contains(err.Error(), `has no signature "serving_default"`) {
		t.Errorf("PredictSignature on a model with one signature: %v, want an input error", err)
	}
}
