package sklearn

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// svmCorpusEntry is the part of $SLIPWAY_CORPUS/pickles/manifest.json this
// test reads.
type svmCorpusEntry struct {
	File     string   `json:"file"`
	Classes  []string `json:"classes"`
	Load     string   `json:"load_with_debian_sklearn_1.2.1"`
	Verified []struct {
		X            [][]float64 `json:"X"`
		Predict      []int64     `json:"predict"`
		PredictProba [][]float64 `json:"predict_proba"`
	} `json:"verified_predictions_sklearn_1.2.1"`
}

func svmCorpus(t *testing.T) string {
	t.Helper()
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	return filepath.Join(root, "pickles")
}

// TestSVMCorpus loads the SVC pickles KServe and MLServer ship (scikit-learn
// 0.20–1.3) and checks the outputs the manifest records from scikit-learn
// 1.2.1; the file scikit-learn cannot load (module sklearn.svm.classes of
// 0.20) must be refused by class name.
func TestSVMCorpus(t *testing.T) {
	dir := svmCorpus(t)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []svmCorpusEntry
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		if !slices.ContainsFunc(e.Classes, func(c string) bool { return strings.HasPrefix(c, "sklearn.svm.") }) {
			continue
		}
		seen++
		t.Run(e.File, func(t *testing.T) {
			m, err := Load(filepath.Join(dir, e.File))
			if !strings.HasPrefix(e.Load, "ok") {
				if err == nil || !strings.Contains(err.Error(), e.Classes[0]) {
					t.Fatalf("load error = %v, want a refusal naming %s", err, e.Classes[0])
				}
				return
			}
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			for _, v := range e.Verified {
				var flat []float64
				for _, row := range v.X {
					flat = append(flat, row...)
				}
				X := Matrix{Rows: len(v.X), Cols: len(v.X[0]), Data: flat}
				got, err := m.Estimator().(Predictor).Predict(X)
				if err != nil {
					t.Fatal(err)
				}
				if labels, _ := got.Data().([]int64); !slices.Equal(labels, v.Predict) {
					t.Errorf("predict(%v) = %v, want %v", v.X, got.Data(), v.Predict)
				}
				if v.PredictProba == nil {
					continue
				}
				p, err := m.Estimator().(ProbaPredictor).PredictProba(X)
				if err != nil {
					t.Fatal(err)
				}
				probs, _ := p.Float64s()
				for i, want := range slices.Concat(v.PredictProba...) {
					// The manifest rounds to six decimals.
					if math.Abs(probs[i]-want) > 5e-7+1e-12 {
						t.Errorf("predict_proba(%v)[%d] = %.7f, want %.6f", v.X, i, probs[i], want)
					}
				}
			}
		})
	}
	if seen == 0 {
		t.Fatal("the manifest lists no scikit-learn SVM pickles")
	}
}

// TestSVMCorpusRequests serves the servers' own example requests: MLServer's
// digits SVCs answer 8 for docs/examples/sklearn/inference-request.json, and
// KServe's v2 iris SVC answers [1, 1] for iris-input.json (what scikit-learn
// 1.2.1 gives; the README's [1, 2] is marked as approximate).
func TestSVMCorpusRequests(t *testing.T) {
	dir := svmCorpus(t)
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
			data := svmRequestData(t, filepath.Join(dir, tc.request))
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

// svmRequestData returns the numbers of a V2 request's first "data" array,
// flattened. It reads them leniently because MLServer's example writes
// numpy-style literals ("0.") that are not JSON.
func svmRequestData(t *testing.T, path string) []float64 {
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
