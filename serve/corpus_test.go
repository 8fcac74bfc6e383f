package serve

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// The corpus replay runs the protocol fixtures of other servers against
// Slipway. Cases that need a model format or an extension Slipway's test
// models cannot stand in for are skipped, one line each with the reason.

func corpusDir(t *testing.T) string {
	dir := os.Getenv("SLIPWAY_CORPUS")
	if dir == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	return dir
}

func readCases[T any](t *testing.T, path string) []T {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []T }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f.Cases
}

// namedIdentity is Triton's identity test model: FP32 INPUT0 → OUTPUT0.
type namedIdentity struct{}

func (namedIdentity) Signature() model.Signature {
	return model.Signature{
		Inputs:  []model.TensorSpec{{Name: "INPUT0", DType: tensor.Float32, Shape: []int{-1, -1}}},
		Outputs: []model.TensorSpec{{Name: "OUTPUT0", DType: tensor.Float32, Shape: []int{-1, -1}}},
		Default: []string{"OUTPUT0"},
	}
}

func (namedIdentity) Predict(_ context.Context, in model.Tensors, _ []string) (model.Tensors, error) {
	return model.Tensors{"OUTPUT0": in["INPUT0"]}, nil
}

// tritonMLflowDir holds Triton's MLflow plugin example, under the corpus.
const tritonMLflowDir = "onnx-models/triton-server/deploy/mlflow-triton-plugin/examples/"

var v2Skipped = map[string]string{
	"repository_index":  "model repository extension (load/unload) is the registry issue's",
	"repository_unload": "model repository extension (load/unload) is the registry issue's",
	"repository_load":   "model repository extension (load/unload) is the registry issue's",
}

func TestCorpusV2(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "protocol")
	type v2Case struct {
		Name           string
		Method         string
		Path           string
		Headers        map[string]string
		Request        json.RawMessage
		ExpectedStatus json.RawMessage `json:"expected_status"`
	}
	ts := start(t, nil, map[string]model.Model{
		"onnx_zero_1_float32": namedIdentity{},
		"simple_identity":     namedIdentity{},
	})
	if err := ts.rt.Add("sum-model", "v1.2.3", sumModel{}); err != nil {
		t.Fatal(err)
	}
	if err := ts.rt.Add("mnist-svm", "v0.1.0", sumModel{features: 64}); err != nil {
		t.Fatal(err)
	}
	for name, rel := range map[string]string{
		"sklearn-iris":             "pickles/kserve/docs/samples/v1beta1/sklearn/v2/model.joblib",
		"model":                    "pickles/kserve/python/sklearnserver/sklearnserver/example_models/joblib/model/model.joblib",
		"onnx_float32_int32_int32": tritonMLflowDir + "onnx_float32_int32_int32/1/model.onnx",
		"mixedtype":                "pickles/kserve/python/sklearnserver/sklearnserver/example_models/mixedtype/model/model.joblib",
	} {
		m, err := model.Load(t.Context(), filepath.Join(filepath.Dir(dir), rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.rt.Add(name, "", m); err != nil {
			t.Fatal(err)
		}
	}
	file := func(rel string) string {
		base := dir
		if strings.HasPrefix(rel, "pickles/") || strings.HasPrefix(rel, "onnx-models/") {
			base = filepath.Dir(dir)
		}
		b, err := os.ReadFile(filepath.Join(base, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// body resolves a case's request: a file path, inline JSON or null.
	body := func(raw json.RawMessage) string {
		var path string
		if json.Unmarshal(raw, &path) == nil {
			return file(path)
		}
		if string(raw) == "null" {
			return ""
		}
		return string(raw)
	}
	nested := func(n int) string {
		return `{"inputs":[{"name":"INPUT0","datatype":"FP32","shape":[1,1],"data":` + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + `}]}`
	}
	for _, c := range readCases[v2Case](t, filepath.Join(dir, "v2_cases.json")) {
		t.Run(c.Name, func(t *testing.T) {
			if why, ok := v2Skipped[c.Name]; ok {
				t.Skip(why)
			}
			var calls []call
			switch c.Name {
			case "infer":
				req := file("mlserver/tests/testdata/inference-request.json")
				want := `{"model_name":"sum-model","model_version":"v1.2.3","outputs":[{"name":"total","datatype":"FP64","shape":[1],"data":[6]}]}`
				calls = []call{
					{path: "/v2/models/sum-model/infer", body: req, status: 200, want: want},
					{path: "/v2/models/sum-model/versions/v1.2.3/infer", body: req, status: 200, want: want},
				}
			case "kserve_sklearn_v2_iris":
				// scikit-learn 1.2.1 answers [1, 1]; KServe's README shows
				// [1, 2] as "something similar".
				calls = []call{{path: "/v2/models/sklearn-iris/infer", body: body(c.Request), status: 200,
					want: `{"model_name":"sklearn-iris","model_version":"1","outputs":[{"name":"predict","datatype":"INT64","shape":[2],"data":[1,1]}]}`}}
			case "kserve_sklearnserver_v2":
				calls = []call{{path: c.Path, body: body(c.Request), status: 200,
					want: `{"model_name":"model","model_version":"1","outputs":[{"name":"predict","datatype":"INT64","shape":[1],"data":[0]}]}`}}
			case "triton_mlflow_onnx":
				// The case's files are the MLflow plugin's Python-side
				// dicts, which are TF Serving's columnar layout; the V2
				// call carries the same numbers as V2 tensors.
				seq := "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"
				v2In := func(name string) string {
					return `{"name":"` + name + `","datatype":"FP32","shape":[1,16],"data":[` + seq + `]}`
				}
				calls = []call{
					{path: "/v1/models/onnx_float32_int32_int32:predict", body: file(tritonMLflowDir + "input.json"), status: 200, want: file(tritonMLflowDir + "expected_output.json")},
					{path: c.Path, body: `{"inputs":[` + v2In("INPUT0") + `,` + v2In("INPUT1") + `]}`, status: 200,
						want: `{"model_name":"onnx_float32_int32_int32","model_version":"1","outputs":[` +
							`{"name":"OUTPUT0","datatype":"INT32","shape":[1,16],"data":[2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32]},` +
							`{"name":"OUTPUT1","datatype":"INT32","shape":[1,16],"data":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}]}`},
				}
			case "kserve_mixedtype_v1":
				// KServe's own assertion; served here as "mixedtype" since
				// "model" is the case above's. The V2 form sends one input
				// per DataFrame column.
				v2 := `{"inputs":[` +
					`{"name":"MSZoning","datatype":"BYTES","shape":[1],"data":["RL"]},{"name":"LotArea","datatype":"INT64","shape":[1],"data":[8450]},` +
					`{"name":"LotShape","datatype":"BYTES","shape":[1],"data":["Reg"]},{"name":"Utilities","datatype":"BYTES","shape":[1],"data":["AllPub"]},` +
					`{"name":"YrSold","datatype":"INT64","shape":[1],"data":[2008]},{"name":"Neighborhood","datatype":"BYTES","shape":[1],"data":["CollgCr"]},` +
					`{"name":"OverallQual","datatype":"INT64","shape":[1],"data":[7]},{"name":"YearBuilt","datatype":"INT64","shape":[1],"data":[2003]},` +
					`{"name":"SaleType","datatype":"BYTES","shape":[1],"data":["WD"]},{"name":"GarageArea","datatype":"INT64","shape":[1],"data":[548]}]}`
				calls = []call{
					{path: "/v1/models/mixedtype:predict", body: body(c.Request), status: 200, want: `{"predictions":[12.202832815138274]}`},
					{path: "/v2/models/mixedtype/infer", body: v2, status: 200,
						want: `{"model_name":"mixedtype","model_version":"1","outputs":[{"name":"predict","datatype":"FP64","shape":[1],"data":[12.202832815138274]}]}`},
				}
			case "kserve_sklearnserver_v1":
				calls = []call{{path: c.Path, body: body(c.Request), status: 200, want: `{"predictions":[0]}`}}
			case "server_metadata":
				calls = []call{{method: "GET", path: c.Path, status: 200, want: `{"name":"slipway","version":"` + serverVersion() + `","extensions":["binary_tensor_data"]}`}}
			case "model_metadata":
				calls = []call{{method: "GET", path: c.Path, status: 200,
					want: `{"name":"sum-model","versions":["v1.2.3"],"platform":"slipway","inputs":[{"name":"input-0","datatype":"FP64","shape":[-1,-1]}],"outputs":[{"name":"total","datatype":"FP64","shape":[-1]},{"name":"count","datatype":"INT64","shape":[-1]}]}`}}
			case "infer_unknown_model":
				calls = []call{{path: c.Path, body: body(c.Request), status: 404, want: "model my-model not found"}}
			case "invalid_datatype":
				calls = []call{{path: c.Path, body: body(c.Request), status: 400, want: `unknown datatype "INT322"`}}
			case "mlserver_mnist_svm":
				// Slipway is strict where MLServer is lenient: "0." is not
				// JSON (and shape [3] would not hold 64 values).
				calls = []call{{path: c.Path, body: body(c.Request), status: 400, want: "invalid JSON"}}
			case "hardening_shape_overflow_element_count":
				calls = []call{{path: c.Path, body: body(c.Request), status: 400, want: "overflows"}}
			case "hardening_shape_overflow_byte_size":
				calls = []call{{path: c.Path, body: body(c.Request), status: 400, want: "more than the limit"}}
			case "hardening_negative_dimension":
				calls = []call{{path: c.Path, body: body(c.Request), status: 400, want: "dimension 1 is negative"}}
			case "hardening_json_depth_120_rejected":
				calls = []call{
					{path: c.Path, body: nested(120), status: 400, want: "invalid JSON"},
					{path: c.Path, body: nested(50), status: 200},
				}
			case "hardening_duplicate_output_names":
				calls = []call{{path: c.Path, body: body(c.Request), status: 400, want: `output "OUTPUT0" requested twice`}}
			case "hardening_repository_index_deep_json":
				calls = []call{{path: c.Path, body: `{"ready": ` + strings.Repeat("[", 250000) + "true" + strings.Repeat("]", 250000) + `}`, status: 404}}
			case "hardening_binary_header_length_out_of_range":
				calls = []call{{path: c.Path, header: c.Headers, body: body(c.Request), status: 400, want: headerLength}}
			case "live", "ready", "model_ready":
				calls = []call{{method: c.Method, path: c.Path, status: 200}}
			default:
				t.Fatalf("case %q is neither run nor skipped; add it to the table", c.Name)
			}
			for i := range calls {
				calls[i].name = c.Name
				calls[i].method = cmpOr(calls[i].method, c.Method)
			}
			ts.check(t, calls)
			ts.check(t, []call{{name: "still live", method: "GET", path: "/v2/health/live", status: 200}})
		})
	}
}

var tfSkipped = map[string]string{
	"bad_get /v1/models":  "GET /v1/models is KServe V1's model list here",
	"bad_post /v1/models": "/v1/models is KServe V1's model list: POST is a 405 with Allow: GET",
}

// tfOwnText lists cases whose error text is TF Serving's parser's; the
// status is checked, the text is Slipway's own.
var tfOwnText = map[string]string{
	"empty_body": "request body is empty",
	"bad_json":   "invalid JSON",
	"wrong_type": `input "x"`,
}

// TestCorpusTFServing replays TF Serving's REST cases against the models
// they were written for, loaded from the corpus as its handler test and
// model server test configure them.
func TestCorpusTFServing(t *testing.T) {
	root := corpusDir(t)
	dir := filepath.Join(root, "protocol")
	type tfCase struct {
		Name                   string
		Method                 string
		Path                   string
		RequestBody            json.RawMessage `json:"request_body"`
		ExpectedStatusClass    string          `json:"expected_status_class"`
		ExpectedBody           json.RawMessage `json:"expected_body"`
		ExpectedErrorSubstring string          `json:"expected_error_substring"`
	}
	ts := start(t, nil, nil)
	savedModel := func(rel string) string { return filepath.Join(root, "savedmodel", rel) }
	for _, m := range []struct{ name, version, path string }{
		{"default", "123", savedModel("tfserving__saved_model_half_plus_two_cpu/00000123")},
		{"half_plus_two", "123", savedModel("tfserving__saved_model_half_plus_two_cpu/00000123")},
		{"saved_model_half_plus_two_2_versions", "123", savedModel("tfserving__saved_model_half_plus_two_2_versions/00000123")},
	} {
		if err := ts.rt.Load(t.Context(), m.name, m.version, m.path); err != nil {
			t.Fatal(err)
		}
	}
	if err := ts.rt.SetLabel("saved_model_half_plus_two_2_versions", "Version_Label", "123"); err != nil {
		t.Fatal(err)
	}
	status := map[string]int{"OK": 200, "InvalidArgument (HTTP 400)": 400, "NotFound (HTTP 404)": 404}
	for _, c := range readCases[tfCase](t, filepath.Join(dir, "tfserving", "rest_cases.json")) {
		t.Run(c.Name, func(t *testing.T) {
			if why, ok := tfSkipped[c.Name]; ok {
				t.Skip(why)
			}
			code, ok := status[c.ExpectedStatusClass]
			if !ok {
				t.Fatalf("unknown status class %q", c.ExpectedStatusClass)
			}
			cl := call{name: c.Name, method: c.Method, path: c.Path, status: code, want: c.ExpectedErrorSubstring}
			var s string
			if json.Unmarshal(c.RequestBody, &s) == nil {
				cl.body = s
			} else if string(c.RequestBody) != "null" {
				cl.body = string(c.RequestBody)
			}
			if code == http.StatusOK {
				cl.want = string(c.ExpectedBody)
				// "see savedmodel/_expected/....json (...)" names a golden file.
				if json.Unmarshal(c.ExpectedBody, &s) == nil {
					golden, _, _ := strings.Cut(strings.TrimPrefix(s, "see "), " ")
					b, err := os.ReadFile(filepath.Join(root, golden))
					if err != nil {
						t.Fatal(err)
					}
					cl.want = string(b)
				}
			}
			if own, ok := tfOwnText[c.Name]; ok {
				cl.want = own
			}
			ts.check(t, []call{cl})
		})
	}
}
