package serve

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/slipwayml/slipway/format/install"
	"github.com/slipwayml/slipway/model"
)

// TestSklearnOverEveryProtocol serves the bundled scikit-learn example (a
// StandardScaler + LogisticRegression pipeline with string labels) and checks
// each protocol's answer against scikit-learn's recorded outputs.
func TestSklearnOverEveryProtocol(t *testing.T) {
	m, err := model.Load(t.Context(), "../example/iris.pkl")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Predict      []string    `json:"predict"`
		PredictProba [][]float64 `json:"predict_proba"`
	}
	b, err := os.ReadFile("../example/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	ts := start(t, nil, map[string]model.Model{"iris": m})
	const rows = `[[5.1, 3.5, 1.4, 0.2], [6.2, 2.9, 4.3, 1.3], [7.7, 3.0, 6.1, 2.3]]`
	labels, _ := json.Marshal(want.Predict)
	ts.check(t, []call{
		{name: "plain", path: "/predict", body: rows, status: 200, want: `{"prediction":` + string(labels) + `}`},
		{name: "kserve v1", path: "/v1/models/iris:predict", body: `{"instances":` + rows + `}`, status: 200, want: `{"predictions":` + string(labels) + `}`},
		{name: "tf serving rows", path: "/v1/models/iris/versions/1:predict", body: `{"instances":` + rows + `}`, status: 200, want: `{"predictions":` + string(labels) + `}`},
		{name: "mlflow split", path: "/invocations", header: map[string]string{"Content-Type": jsonCT},
			body:   `{"dataframe_split":{"columns":["sl","sw","pl","pw"],"data":` + rows + `}}`,
			status: 200, want: `{"predictions":` + string(labels) + `}`},
		{name: "v2 labels", path: "/v2/models/iris/infer", body: `{"inputs":[{"name":"input-0","shape":[3,4],"datatype":"FP32","data":` + rows + `}]}`, status: 200,
			want: `{"model_name":"iris","model_version":"1","outputs":[{"name":"predict","datatype":"BYTES","shape":[3],"data":` + string(labels) + `}]}`},
		{name: "v2 wrong feature count", path: "/v2/models/iris/infer", body: `{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP64","data":[1,2,3]}]}`, status: 400, want: "expected 4 features per row, got 3"},
		{name: "v2 unknown method", path: "/v2/models/iris/infer", body: `{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP64","data":[1,2,3,4]}],"outputs":[{"name":"transform"}]}`, status: 400, want: `unknown output "transform"`},
	})

	// Probabilities over V2, within scikit-learn's float tolerance.
	resp, body := ts.do(t, call{path: "/v2/models/iris/infer",
		body: `{"inputs":[{"name":"input-0","shape":[3,4],"datatype":"FP64","data":` + rows + `}],"outputs":[{"name":"predict_proba"}]}`})
	if resp.StatusCode != 200 {
		t.Fatalf("predict_proba: status %d: %s", resp.StatusCode, body)
	}
	var got struct {
		Outputs []struct {
			Name  string
			Shape []int
			Data  []float64
		}
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Outputs) != 1 || got.Outputs[0].Name != "predict_proba" || len(got.Outputs[0].Data) != 9 {
		t.Fatalf("predict_proba response %s", body)
	}
	for i, row := range want.PredictProba {
		for j, w := range row {
			if g := got.Outputs[0].Data[i*3+j]; math.Abs(g-w) > 1e-9+1e-6*math.Abs(w) {
				t.Errorf("proba[%d][%d] = %v, want %v", i, j, g, w)
			}
		}
	}
}

// TestSklearnCorpusRequests replays KServe's own sklearn example requests
// against its pickles: V1 {"instances"} and V2 "input-0" FP32 answer [0]
// for iris row 0 (sklearnserver's test_model.py).
func TestSklearnCorpusRequests(t *testing.T) {
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	m, err := model.Load(t.Context(), filepath.Join(root, "pickles/kserve/python/sklearnserver/sklearnserver/example_models/joblib/model/model.joblib"))
	if err != nil {
		t.Fatal(err)
	}
	ts := start(t, nil, map[string]model.Model{"sklearn": m})
	ts.check(t, []call{
		{name: "v1", path: "/v1/models/sklearn:predict", body: `{"instances": [[5.1, 3.5, 1.4, 0.2]]}`, status: 200, want: `{"predictions": [0]}`},
		{name: "v2", path: "/v2/models/sklearn/infer", body: `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}`, status: 200,
			want: `{"model_name":"sklearn","model_version":"1","outputs":[{"name":"predict","datatype":"INT64","shape":[1],"data":[0]}]}`},
	})
}
