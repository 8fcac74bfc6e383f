package serve

import (
	"net/http"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
)

const (
	jsonCT = "application/json"
	csvCT  = "text/csv"
)

// TestProtocols calls every endpoint of every protocol over HTTP.
func TestProtocols(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{
		"sum":  sumModel{},
		"iris": sumModel{features: 4},
		"hpt":  halfPlusTwo{},
		"echo": identity{},
		"inf":  infModel{},
		"len":  strlen{},
		"fail": failModel{},
		"both": sumModel{both: true},
	})
	ts.check(t, []call{
		// Plain.
		{name: "plain rows", path: "/models/sum/predict", body: `[[1,2,3],[4,5,6]]`, status: 200, want: `{"prediction":[6,15]}`},
		{name: "plain instances", path: "/models/sum/predict", body: `{"instances":[[1.5,2.5]]}`, status: 200, want: `{"prediction":[4]}`},
		{name: "plain no name with several models", path: "/predict", body: `[[1]]`, status: 404, want: "8 models are loaded"},
		{name: "plain unknown model", path: "/models/nope/predict", body: `[[1]]`, status: 404, want: "model nope not found"},
		{name: "plain wrong features", path: "/models/iris/predict", body: `[[1,2,3]]`, status: 400, want: "3 features; model expects 4"},
		{name: "plain wrong dtype", path: "/models/sum/predict", body: `[["a","b"]]`, status: 400, want: `input "input-0"`},
		{name: "plain not rows", path: "/models/sum/predict", body: `{"rows":[[1]]}`, status: 400, want: `{"instances": rows}`},
		{name: "plain bad json", path: "/models/sum/predict", body: `[[1,2]`, status: 400, want: "invalid JSON"},
		{name: "plain empty body", path: "/models/sum/predict", body: ``, status: 400, want: "request body is empty"},
		{name: "plain GET", method: "GET", path: "/models/sum/predict", status: 405, want: "method GET not allowed"},

		// Open Inference Protocol.
		{name: "v2 server metadata", method: "GET", path: "/v2", status: 200},
		{name: "v2 live", method: "GET", path: "/v2/health/live", status: 200, want: `{"live":true}`},
		{name: "v2 ready", method: "GET", path: "/v2/health/ready", status: 200, want: `{"ready":true}`},
		{name: "v2 model ready", method: "GET", path: "/v2/models/sum/ready", status: 200, want: `{"name":"sum","ready":true}`},
		{name: "v2 version ready", method: "GET", path: "/v2/models/sum/versions/1/ready", status: 200, want: `{"name":"sum","ready":true}`},
		{name: "v2 unknown version ready", method: "GET", path: "/v2/models/sum/versions/9/ready", status: 404, want: "model sum with version 9 not found"},
		{name: "v2 model metadata", method: "GET", path: "/v2/models/iris", status: 200,
			want: `{"name":"iris","versions":["1"],"platform":"slipway","inputs":[{"name":"input-0","datatype":"FP64","shape":[-1,4]}],"outputs":[{"name":"total","datatype":"FP64","shape":[-1]},{"name":"count","datatype":"INT64","shape":[-1]}]}`},
		{name: "v2 unknown model metadata", method: "GET", path: "/v2/models/nope", status: 404, want: "model nope not found"},
		{name: "v2 infer", path: "/v2/models/sum/infer", body: `{"id":"r1","inputs":[{"name":"any","shape":[2,2],"datatype":"FP64","data":[1,2,3,4]}]}`, status: 200,
			want: `{"model_name":"sum","model_version":"1","id":"r1","outputs":[{"name":"total","datatype":"FP64","shape":[2],"data":[3,7]}]}`},
		{name: "v2 infer nested data, INT32 to FP64", path: "/v2/models/sum/versions/1/infer", body: `{"inputs":[{"name":"input-0","shape":[1,3],"datatype":"INT32","data":[[1,2,3]]}]}`, status: 200,
			want: `{"model_name":"sum","model_version":"1","outputs":[{"name":"total","datatype":"FP64","shape":[1],"data":[6]}]}`},
		{name: "v2 infer FP32 to FP64", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1,2],"datatype":"FP32","data":[0.5,0.25]}]}`, status: 200,
			want: `{"model_name":"sum","model_version":"1","outputs":[{"name":"total","datatype":"FP64","shape":[1],"data":[0.75]}]}`},
		{name: "v2 requested outputs", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1,2],"datatype":"FP64","data":[1,2]}],"outputs":[{"name":"count"},{"name":"total"}]}`, status: 200,
			want: `{"model_name":"sum","model_version":"1","outputs":[{"name":"count","datatype":"INT64","shape":[1],"data":[2]},{"name":"total","datatype":"FP64","shape":[1],"data":[3]}]}`},
		{name: "v2 unknown output", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1,1],"datatype":"FP64","data":[1]}],"outputs":[{"name":"predict_proba"}]}`, status: 400, want: `unknown output "predict_proba"`},
		{name: "v2 duplicate output", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1,1],"datatype":"FP64","data":[1]}],"outputs":[{"name":"total"},{"name":"total"}]}`, status: 400, want: `output "total" requested twice`},
		{name: "v2 FP64 not to INT", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1,1],"datatype":"BYTES","data":["x"]}]}`, status: 400, want: `model wants FP64`},
		{name: "v2 unknown datatype", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1,3],"datatype":"INT322","data":[1,2,3]}]}`, status: 400, want: `unknown datatype "INT322"`},
		{name: "v2 data length", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[2,2],"datatype":"FP64","data":[1,2,3]}]}`, status: 400, want: `input "input-0"`},
		{name: "v2 negative dim", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[2,-5],"datatype":"FP32","data":[1]}]}`, status: 400, want: "dimension 1 is negative"},
		{name: "v2 shape overflow", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[16,1152921504606846978],"datatype":"FP32","data":[1]}]}`, status: 400, want: "overflows"},
		{name: "v2 shape too big", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[4,1152921504606846978],"datatype":"FP32","data":[1]}]}`, status: 400, want: "elements, more than the limit"},
		{name: "v2 shape not int", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1.5],"datatype":"FP32","data":[1]}]}`, status: 400, want: "shape[0] = 1.5 is not a 64-bit integer"},
		{name: "v2 missing data", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"input-0","shape":[1],"datatype":"FP32"}]}`, status: 400, want: `no "data"`},
		{name: "v2 no inputs", path: "/v2/models/sum/infer", body: `{"outputs":[]}`, status: 400, want: `"inputs" must be a list`},
		{name: "v2 unknown input of multi", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"a","shape":[1,1],"datatype":"FP64","data":[1]},{"name":"b","shape":[1,1],"datatype":"FP64","data":[1]}]}`, status: 400, want: `unknown input "a"`},
		{name: "v2 wrong features", path: "/v2/models/iris/infer", body: `{"inputs":[{"name":"input-0","shape":[1,2],"datatype":"FP64","data":[1,2]}]}`, status: 400, want: "2 features; model expects 4"},
		{name: "v2 unknown model", path: "/v2/models/my-model/versions/v0/infer", body: `{"inputs":[]}`, status: 404, want: "model my-model not found"},
		{name: "v2 unknown version", path: "/v2/models/sum/versions/v0/infer", body: `{"inputs":[]}`, status: 404, want: "model sum with version v0 not found"},
		{name: "v2 infer GET", method: "GET", path: "/v2/models/sum/infer", status: 405, want: "use POST"},
		{name: "v2 header length too big", path: "/v2/models/sum/infer", header: map[string]string{headerLength: "99999999999"}, body: `{"inputs":[]}`, status: 400, want: "body has only 13 bytes"},
		{name: "v2 header length not a number", path: "/v2/models/sum/infer", header: map[string]string{headerLength: "x"}, body: `{"inputs":[]}`, status: 400, want: "want a non-negative integer"},
		{name: "v2 NaN and Infinity in", path: "/v2/models/echo/infer", body: `{"inputs":[{"name":"x","shape":[3],"datatype":"FP64","data":[NaN,Infinity,-Infinity]}]}`, status: 200,
			want: `{"model_name":"echo","model_version":"1","outputs":[{"name":"y","datatype":"FP64","shape":[3],"data":[NaN,Infinity,-Infinity]}]}`},
		{name: "v2 infinite outputs", path: "/v2/models/inf/infer", body: `{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":[0]}]}`, status: 200,
			want: `{"model_name":"inf","model_version":"1","outputs":[{"name":"y","datatype":"FP64","shape":[3],"data":[Infinity,-Infinity,NaN]}]}`},

		// TensorFlow Serving REST (y = 0.5x + 2), from its docs and tests.
		{name: "tf readme predict", path: "/v1/models/hpt:predict", body: `{"instances": [1.0, 2.0, 5.0]}`, status: 200, want: `{"predictions": [2.5, 3.0, 4.5]}`},
		{name: "tf row 2d", path: "/v1/models/hpt:predict", body: `{"instances": [[1.0, 2.0], [3.0, 4.0]]}`, status: 200, want: `{"predictions": [[2.5, 3.0], [3.5, 4.0]]}`},
		{name: "tf version", path: "/v1/models/hpt/versions/1:predict", body: `{"signature_name":"serving_default","instances": [3.0, 4.0]}`, status: 200, want: `{"predictions": [3.5, 4.0]}`},
		{name: "tf columnar", path: "/v1/models/hpt:predict", body: `{"inputs": [2.0, 3.0, 4.0]}`, status: 200, want: `{"outputs": [3.0, 3.5, 4.0]}`},
		{name: "tf named columnar", path: "/v1/models/hpt:predict", body: `{"inputs": {"x": [2.0]}}`, status: 200, want: `{"outputs": [3.0]}`},
		{name: "tf named rows", path: "/v1/models/hpt:predict", body: `{"instances": [{"x": 2.0}, {"x": 4.0}]}`, status: 200, want: `{"predictions": [3.0, 4.0]}`},
		{name: "tf NaN Infinity", path: "/v1/models/echo:predict", body: `{"instances": [NaN, Infinity, -Infinity, 1]}`, status: 200, want: `{"predictions": [NaN, Infinity, -Infinity, 1]}`},
		{name: "tf b64", path: "/v1/models/hpt:predict", body: `{"instances": [{"b64": "aGk="}]}`, status: 400, want: `input "x"`},
		{name: "tf b64 decoded", path: "/v1/models/len:predict", body: `{"instances": [{"b64": "aGk="}, "abc", {"b64": ""}]}`, status: 200, want: `{"predictions": [2, 3, 0]}`},
		{name: "tf b64 invalid", path: "/v1/models/len:predict", body: `{"instances": [{"b64": "!!"}]}`, status: 400, want: `"b64" value`},
		{name: "tf wrong type", path: "/v1/models/hpt:predict", body: `{"instances": ["x", "y"]}`, status: 400, want: `input "x"`},
		{name: "tf rows of several outputs", path: "/v1/models/both:predict", body: `{"instances": [[1,2],[3,4]]}`, status: 200, want: `{"predictions":[{"total":3,"count":2},{"total":7,"count":2}]}`},
		{name: "tf columns of several outputs", path: "/v1/models/both:predict", body: `{"inputs": [[1,2],[3,4]]}`, status: 200, want: `{"outputs":{"total":[3,7],"count":[2,2]}}`},
		{name: "tf signature type", path: "/v1/models/hpt:predict", body: `{"signature_name": 100}`, status: 400, want: "'signature_name' key must be a string value."},
		{name: "tf signature selects output", path: "/v1/models/sum:predict", body: `{"signature_name": "count", "instances": [[1,2,3]]}`, status: 200, want: `{"predictions": [3]}`},
		{name: "tf named rows differ", path: "/v1/models/hpt:predict", body: `{"instances": [{"x": 2.0}, {"y": 4.0}]}`, status: 400, want: `row 1 lacks input "x"`},
		{name: "tf both layouts", path: "/v1/models/hpt:predict", body: `{"instances": [1], "inputs": [1]}`, status: 400, want: "not both"},
		{name: "tf empty body", path: "/v1/models/hpt:predict", body: ``, status: 400, want: "request body is empty"},
		{name: "tf bad json", path: "/v1/models/hpt:predict", body: `instances = [1, 2]`, status: 400, want: "invalid JSON"},
		{name: "tf unknown model", path: "/v1/models/foo:predict", body: `{"instances": [1]}`, status: 404, want: "model foo not found"},
		{name: "tf unknown version", path: "/v1/models/hpt/versions/50:predict", body: `{"instances": [1]}`, status: 404, want: "model hpt with version 50 not found"},
		{name: "tf unknown label", path: "/v1/models/hpt/labels/stable:predict", body: `{"instances": [1]}`, status: 400, want: "Unrecognized servable version label: stable"},
		{name: "tf status", method: "GET", path: "/v1/models/hpt", status: 200, want: `{"model_version_status":[{"version":"1","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}]}`},
		{name: "tf status version", method: "GET", path: "/v1/models/hpt/versions/1", status: 200, want: `{"model_version_status":[{"version":"1","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}]}`},
		{name: "tf metadata", method: "GET", path: "/v1/models/hpt/metadata", status: 200,
			want: `{"model_spec":{"name":"hpt","signature_name":"","version":"1"},"metadata":{"signature_def":{"signature_def":{"serving_default":{"inputs":{"x":{"dtype":"DT_FLOAT","tensor_shape":{"dim":[{"size":"-1","name":""}],"unknown_rank":false},"name":"x"}},"outputs":{"y":{"dtype":"DT_FLOAT","tensor_shape":{"dim":[{"size":"-1","name":""}],"unknown_rank":false},"name":"y"}},"method_name":"tensorflow/serving/predict","defaults":{}}}}}}`},
		{name: "tf GET predict", method: "GET", path: "/v1/models/hpt:predict", status: 400, want: "Malformed request"},
		{name: "tf POST metadata", path: "/v1/models/hpt/metadata", status: 400, want: "Malformed request"},
		{name: "tf regress", path: "/v1/models/hpt:regress", body: `{}`, status: 400, want: "has no tensorflow/serving/regress signatures"},
		{name: "tf unknown verb", path: "/v1/models/hpt:explain", body: `{}`, status: 400, want: ":explain is not supported"},
		{name: "tf bad path", method: "GET", path: "/v1/foo", status: 400, want: "Malformed request"},
		{name: "tf debug path", method: "GET", path: "/v1/models/debug/model_name", status: 400, want: "Malformed request"},
		{name: "tf version not a number", path: "/v1/models/foo/versions/HELLO:predict", status: 400, want: "Malformed request"},
		{name: "tf version overflow", path: "/v1/models/foo/versions/18446744073709551615:predict", status: 400, want: "Failed to convert version"},
		{name: "tf DELETE", method: "DELETE", path: "/v1/models/hpt", status: 405, want: "use GET or POST"},

		// KServe V1.
		{name: "kserve list", method: "GET", path: "/v1/models", status: 200, want: `{"models":["both","echo","fail","hpt","inf","iris","len","sum"]}`},
		{name: "kserve predict", path: "/v1/models/iris:predict", body: `{"instances": [[5.1, 3.5, 1.4, 0.2]]}`, status: 200, want: `{"predictions": [10.2]}`},
		{name: "kserve infinite predictions", path: "/v1/models/inf:predict", body: `{"instances": [0]}`, status: 200, want: `{"predictions": [Infinity, -Infinity, NaN]}`},

		// Model faults are the server's.
		{name: "model error", path: "/v1/models/fail:predict", body: `{"instances": [1]}`, status: 500, want: "weights file vanished"},

		// Unknown endpoints.
		{name: "unknown path", method: "GET", path: "/nope", status: 404, want: "no endpoint at GET /nope"},
		{name: "unknown path PUT", method: "PUT", path: "/nope", status: 404, want: "no endpoint at PUT /nope"},
	})
}

// TestMLflow covers MLflow's scoring server with one model loaded, as
// `mlflow models serve` runs.
func TestMLflow(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"iris": sumModel{features: 4}})
	row := `[5.1, 3.5, 1.4, 0.2]`
	ts.check(t, []call{
		{name: "dataframe_split", path: "/invocations", header: map[string]string{"Content-Type": jsonCT},
			body: `{"dataframe_split": {"columns": ["a","b","c","d"], "data": [` + row + `, [1,1,1,1]]}}`, status: 200, want: `{"predictions": [10.2, 4]}`},
		{name: "dataframe_split with index", path: "/invocations", header: map[string]string{"Content-Type": jsonCT},
			body: `{"dataframe_split": {"index": [7], "columns": ["a","b","c","d"], "data": [` + row + `]}}`, status: 200, want: `{"predictions": [10.2]}`},
		{name: "dataframe_records", path: "/invocations", header: map[string]string{"Content-Type": jsonCT},
			body: `{"dataframe_records": [{"a": 5.1, "b": 3.5, "c": 1.4, "d": 0.2}]}`, status: 200, want: `{"predictions": [10.2]}`},
		{name: "instances", path: "/invocations", header: map[string]string{"Content-Type": jsonCT},
			body: `{"instances": [` + row + `]}`, status: 200, want: `{"predictions": [10.2]}`},
		{name: "inputs with params", path: "/invocations", header: map[string]string{"Content-Type": jsonCT},
			body: `{"inputs": [` + row + `], "params": {"k": 1}}`, status: 200, want: `{"predictions": [10.2]}`},
		{name: "csv", path: "/invocations", header: map[string]string{"Content-Type": "text/csv; charset=utf-8"},
			body: "a,b,c,d\n5.1,3.5,1.4,0.2\n1,1,1,1\n", status: 200, want: `{"predictions": [10.2, 4]}`},
		{name: "csv header only", path: "/invocations", header: map[string]string{"Content-Type": csvCT}, body: "a,b\n", status: 400, want: "at least one data row"},
		{name: "records missing column", path: "/invocations", body: `{"dataframe_records": [{"a": 1, "b": 2}, {"a": 1, "c": 2}]}`, status: 400, want: `record 1 lacks column "b"`},
		{name: "two layouts", path: "/invocations", body: `{"instances": [[1]], "inputs": [[1]]}`, status: 400, want: "send one"},
		{name: "unknown key", path: "/invocations", body: `{"data": [[1]]}`, status: 400, want: `unknown key "data"`},
		{name: "wrong features", path: "/invocations", body: `{"instances": [[1]]}`, status: 400, want: "1 features; model expects 4"},
		{name: "unsupported type", path: "/invocations", header: map[string]string{"Content-Type": "application/xml"}, body: `<a/>`, status: 415, want: "application/xml"},
		{name: "ping", method: "GET", path: "/ping", status: 200},
		{name: "health", method: "GET", path: "/health", status: 200},
		{name: "version", method: "GET", path: "/version", status: 200},
		{name: "plain without name", path: "/predict", body: `[` + row + `]`, status: 200, want: `{"prediction": [10.2]}`},
	})
}

// TestMethodNotAllowedAllow checks the Allow header of a 405.
func TestMethodNotAllowedAllow(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"sum": sumModel{}})
	resp, body := ts.do(t, call{method: http.MethodPut, path: "/v2/models/sum/infer"})
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Fatalf("PUT infer: %d Allow=%q %s; want 405 Allow=POST", resp.StatusCode, resp.Header.Get("Allow"), body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, jsonCT) {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
}
