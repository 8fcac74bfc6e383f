package sklearn

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// corpusEntry is the part of $SLIPWAY_CORPUS/pickles/manifest.json the
// corpus tests read.
type corpusEntry struct {
	File     string   `json:"file"`
	Format   string   `json:"format"`
	Classes  []string `json:"classes"`
	Load     string   `json:"load_with_debian_sklearn_1.2.1"`
	Verified []struct {
		X            [][]float64 `json:"X"`
		Predict      []any       `json:"predict"`
		PredictProba [][]float64 `json:"predict_proba"`
		// PredictError is what scikit-learn said instead: these rows do
		// not fit the model (a DataFrame model probed with an array).
		PredictError string `json:"predict_error"`
	} `json:"verified_predictions_sklearn_1.2.1"`
}

func corpusDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	return filepath.Join(root, "pickles")
}

// TestCorpus loads every pickle KServe and MLServer ship (scikit-learn
// 0.20–1.3): those scikit-learn 1.2.1 loads answer as it does (outputs in
// the manifest, probabilities rounded to six decimals); those it cannot load
// (module paths of sklearn ≤ 0.21) and those carrying other code (cloudpickle,
// lightgbm) are refused by global name; empty files get a clear error.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []corpusEntry
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("empty manifest")
	}
	for _, e := range entries {
		t.Run(e.File, func(t *testing.T) {
			m, err := Load(filepath.Join(dir, e.File))
			var forbidden *pickle.ForbiddenError
			switch {
			case e.Format == "empty":
				if err == nil || !strings.Contains(err.Error(), "empty") {
					t.Fatalf("load error = %v, want one saying the file is empty", err)
				}
				return
			case !strings.HasPrefix(e.Load, "ok"):
				if !errors.As(err, &forbidden) {
					t.Fatalf("load error = %v, want a refused global", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			for _, v := range e.Verified {
				if v.PredictError != "" {
					continue
				}
				in, err := tensor.New([]int{len(v.X), len(v.X[0])}, slices.Concat(v.X...))
				if err != nil {
					t.Fatal(err)
				}
				out, err := m.Predict(context.Background(), model.Tensors{InputName: in}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := compare(out[MethodPredict], v.Predict); err != nil {
					t.Errorf("predict(%v): %v", v.X, err)
				}
				if v.PredictProba == nil {
					continue
				}
				out, err = m.Predict(context.Background(), model.Tensors{InputName: in}, []string{MethodPredictProba})
				if err != nil {
					t.Fatal(err)
				}
				probs, _ := out[MethodPredictProba].Float64s()
				for i, want := range slices.Concat(v.PredictProba...) {
					if math.Abs(probs[i]-want) > 5e-7+1e-12 {
						t.Errorf("predict_proba(%v)[%d] = %.7f, want %.6f", v.X, i, probs[i], want)
					}
				}
			}
		})
	}
}

// TestCorpusMixedType answers KServe's test_mixedtype_model_joblib: a
// house-price Pipeline(ColumnTransformer[SimpleImputer+StandardScaler,
// SimpleImputer+OneHotEncoder], SGDRegressor) fitted by scikit-learn 1.3 on
// a DataFrame, asked with one named input per column.
func TestCorpusMixedType(t *testing.T) {
	m, err := Load(filepath.Join(corpusDir(t), "kserve/python/sklearnserver/sklearnserver/example_models/mixedtype/model/model.joblib"))
	if err != nil {
		t.Fatal(err)
	}
	in := model.Tensors{}
	for name, v := range map[string]any{
		"MSZoning": "RL", "LotArea": 8450.0, "LotShape": "Reg", "Utilities": "AllPub", "YrSold": 2008.0,
		"Neighborhood": "CollgCr", "OverallQual": 7.0, "YearBuilt": 2003.0, "SaleType": "WD", "GarageArea": 548.0,
	} {
		switch v := v.(type) {
		case string:
			in[name] = mustNew(t, []int{1, 1}, []string{v})
		case float64:
			in[name] = mustNew(t, []int{1, 1}, []float64{v})
		}
	}
	out, err := m.Predict(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := compare(out[MethodPredict], []any{12.202832815138274}); err != nil {
		t.Error(err)
	}
	sig := m.Signature()
	if len(sig.Inputs) != 10 || sig.Inputs[0].Name != "MSZoning" || sig.Inputs[0].DType != tensor.String || sig.Inputs[1].DType != tensor.Float64 {
		t.Errorf("inputs = %+v, want the 10 DataFrame columns, strings as BYTES", sig.Inputs)
	}
	delete(in, "LotShape")
	if _, err := m.Predict(context.Background(), in, nil); !errors.As(err, new(*model.InputError)) || !strings.Contains(err.Error(), `"LotShape"`) {
		t.Errorf("missing column: error %v, want an InputError naming LotShape", err)
	}
}

// TestCorpusRequests serves the servers' own example requests: MLServer's
// digits SVCs answer 8 for docs/examples/sklearn/inference-request.json, and
// KServe's v2 iris SVC answers [1, 1] for iris-input.json (what scikit-learn
// 1.2.1 gives; the README's [1, 2] is marked as approximate).
func TestCorpusRequests(t *testing.T) {
	dir := corpusDir(t)
	const digits = "mlserver/docs/examples/sklearn/inference-request.json"
	for _, tc := range []struct {
		model, request string
		want           []int64
	}{
		{"mlserver/docs/examples/sklearn/mnist-svm.joblib", digits, []int64{8}},
		{"mlserver/docs/examples/kafka/mnist-svm.joblib", digits, []int64{8}},
		{"mlserver/docs/examples/conda/model.joblib", digits, []int64{8}},
		{"kserve/docs/samples/v1beta1/sklearn/v2/model.joblib", "kserve/docs/samples/v1beta1/sklearn/v2/iris-input.json", []int64{1, 1}},
	} {
		t.Run(tc.model, func(t *testing.T) {
			m, err := Load(filepath.Join(dir, tc.model))
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			data := requestData(t, filepath.Join(dir, tc.request))
			nf := m.Estimator().NFeatures()
			in, err := tensor.New([]int{len(data) / nf, nf}, data)
			if err != nil {
				t.Fatal(err)
			}
			out, err := m.Predict(context.Background(), model.Tensors{InputName: in}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := out[MethodPredict].Data().([]int64); !slices.Equal(got, tc.want) {
				t.Errorf("predict = %v, want %v", out[MethodPredict].Data(), tc.want)
			}
		})
	}
}

// requestData returns the numbers of a V2 request's first "data" array,
// flattened. It reads them leniently because MLServer's example writes
// numpy-style literals ("0.") that are not JSON.
func requestData(t *testing.T, path string) []float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(`"data"`))
	start := bytes.IndexByte(b[max(i, 0):], '[')
	if i < 0 || start < 0 {
		t.Fatalf("%s: no data array", path)
	}
	b = b[i+start:]
	depth, end := 0, 0
	for j, c := range b {
		if c == '[' {
			depth++
		} else if c == ']' {
			if depth--; depth == 0 {
				end = j
				break
			}
		}
	}
	var out []float64
	for _, f := range strings.FieldsFunc(string(b[:end]), func(r rune) bool {
		return r == '[' || r == ']' || r == ',' || r == ' ' || r == '\n' || r == '\t'
	}) {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, x)
	}
	return out
}
