package sklearn

import (
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

const pipelinePath = "sklearn.pipeline.Pipeline"

func pipelineOf(steps ...any) *pickle.Object {
	list := &pickle.List{}
	for i, s := range steps {
		list.Items = append(list.Items, pickle.Tuple{string(rune('a' + i)), s})
	}
	return fittedObject(pipelinePath, "steps", list)
}

func scalerStep(features int) *pickle.Object {
	ones := make([]float64, features)
	for i := range ones {
		ones[i] = 1
	}
	return fittedObject("sklearn.preprocessing._data.MaxAbsScaler", "scale_", floatArray([]int{features}, ones...))
}

func regressorStep(features int) *pickle.Object {
	return fittedObject("sklearn.linear_model._base.LinearRegression",
		"coef_", floatArray([]int{features}, make([]float64, features)...), "intercept_", 1.0)
}

func labelStrings(s ...any) *pickle.Array {
	return &pickle.Array{Dtype: &pickle.Dtype{Kind: 'O'}, Shape: []int{len(s)}, Objects: s}
}

// TestPipelineMethods checks a pipeline has exactly the final estimator's
// methods, its label type and the chain of steps it runs.
func TestPipelineMethods(t *testing.T) {
	hinge := sgd("hinge")
	hinge[5] = labelStrings("a", "b", "c")
	tests := []struct {
		name            string
		final           *pickle.Object
		proba, decision bool
		dtype           tensor.DType
		chain           []string
	}{
		{"regressor", regressorStep(2), false, false, tensor.Float64, []string{"MaxAbsScaler", "LinearRegression"}},
		{"logistic", fittedObject(logisticPath, logistic("auto", "lbfgs", 3)...), true, true, tensor.Float64, []string{"MaxAbsScaler", "LogisticRegression"}},
		{"hinge", fittedObject(sgdPath, hinge...), false, true, tensor.String, []string{"MaxAbsScaler", "SGDClassifier"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := decode(pipelineOf("passthrough", scalerStep(2), pickle.None{}, tt.final))
			if err != nil {
				t.Fatal(err)
			}
			m, err := New(e)
			if err != nil {
				t.Fatal(err)
			}
			_, proba := m.Signature().Output(MethodPredictProba)
			_, decision := m.Signature().Output(MethodDecisionFunction)
			if proba != tt.proba || decision != tt.decision {
				t.Errorf("predict_proba: %v, decision_function: %v; want %v, %v", proba, decision, tt.proba, tt.decision)
			}
			if spec, _ := m.Signature().Output(MethodPredict); spec.DType != tt.dtype {
				t.Errorf("predict dtype = %v, want %v", spec.DType, tt.dtype)
			}
			if got := chain(e); !slices.Equal(got, tt.chain) {
				t.Errorf("chain = %v, want %v", got, tt.chain)
			}
			if e.Class() != "Pipeline" || e.NFeatures() != 2 {
				t.Errorf("class %s with %d features, want Pipeline with 2", e.Class(), e.NFeatures())
			}
		})
	}
}

// TestPipelineOfTransformers checks a pipeline without a predictor decodes
// as a transformer (a step of another pipeline) but is no model to serve.
func TestPipelineOfTransformers(t *testing.T) {
	e, err := decode(pipelineOf(scalerStep(2), fittedObject(normalizerPath, "norm", "max")))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := e.(Predictor); ok {
		t.Error("a pipeline of transformers has predict")
	}
	if _, err := New(e); err == nil || !strings.Contains(err.Error(), "no predict method") {
		t.Errorf("New: err = %v, want no predict method", err)
	}
	got, err := e.(Transformer).Transform(Matrix{Rows: 1, Cols: 2, Data: []float64{-4, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Data, []float64{-1, 0.5}) {
		t.Errorf("transform = %v, want [-1 0.5]", got.Data)
	}
}

func TestPipelineDecodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		o       *pickle.Object
		wantErr string
	}{
		{"no steps", fittedObject(pipelinePath), "fitted attribute steps is missing"},
		{"steps not a list", fittedObject(pipelinePath, "steps", pickle.Tuple{}), "steps: expected a list, found pickle.Tuple"},
		{"step not a pair", fittedObject(pipelinePath, "steps", &pickle.List{Items: []any{"scale"}}), "steps[0]: expected a (name, estimator) pair"},
		{"all passthrough", pipelineOf("passthrough", pickle.None{}), "every step is passthrough"},
		{"unsupported step", pipelineOf(fittedObject("sklearn.decomposition._pca.PCA"), regressorStep(2)), `step "a": unsupported estimator sklearn.decomposition._pca.PCA`},
		{"predictor in the middle", pipelineOf(regressorStep(2), regressorStep(2)), `step "a" (LinearRegression) is not a transformer`},
		{"broken step", pipelineOf(fittedObject(normalizerPath)), `step "a": Normalizer: fitted attribute norm is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// TestPipelineFeatureMismatch checks a pickle whose steps disagree on the
// number of features fails the request instead of indexing out of range.
func TestPipelineFeatureMismatch(t *testing.T) {
	e, err := decode(pipelineOf(scalerStep(2), regressorStep(3)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.(Predictor).Predict(Matrix{Rows: 1, Cols: 2, Data: []float64{1, 2}})
	want := `step "b" (LinearRegression) expects 3 features, the step before gives 2`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}
