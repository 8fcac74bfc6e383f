package serve

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/runtime"
)

// TestSavedModel serves TF Serving's test SavedModels from the corpus,
// loaded as `slipway serve` loads folders of versions, and checks the
// answers TF Serving documents for them (y = 0.5x + 2, y2 = 0.5x + 3,
// y3 = 0.5x2 + 3; half_plus_three is y = 0.5x + 3).
func TestSavedModel(t *testing.T) {
	root := filepath.Join(corpusDir(t), "savedmodel")
	ts := start(t, nil, nil)
	for _, m := range []struct {
		name, dir string
		latest    bool
		want      []string
	}{
		{"half_plus_two", "tfserving__saved_model_half_plus_two_2_versions", false, []string{"123", "124"}},
		{"latest", "tfserving__saved_model_half_plus_two_2_versions", true, []string{"124"}},
		{"half_plus_three", "tfserving__saved_model_half_plus_three", false, []string{"123"}},
		// Named as in TF Serving's recorded metadata of the TF2 model.
		{"saved_model_half_plus_two_2_versions", "tfserving__saved_model_half_plus_two_tf2_cpu", true, []string{"123"}},
	} {
		got, err := ts.rt.LoadVersions(t.Context(), m.name, filepath.Join(root, m.dir), m.latest)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, m.want) {
			t.Fatalf("LoadVersions(%s) = %v, want %v", m.dir, got, m.want)
		}
	}
	tf2Metadata, err := os.ReadFile(filepath.Join(root, "_expected", "tfserving", "saved_model_half_plus_two_tf2_2_versions_metadata.json"))
	if err != nil {
		t.Fatal(err)
	}
	status := func(versions ...string) string {
		var b strings.Builder
		for i, v := range versions {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"version":"` + v + `","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}`)
		}
		return `{"model_version_status":[` + b.String() + `]}`
	}
	ts.check(t, []call{
		// TF Serving's README, unchanged.
		{name: "readme", path: "/v1/models/half_plus_two:predict", body: `{"instances": [1.0, 2.0, 5.0]}`, status: 200, want: `{"predictions": [2.5, 3.0, 4.5]}`},
		{name: "version 123", path: "/v1/models/half_plus_two/versions/123:predict", body: `{"instances": [[1.0], [2.0]]}`, status: 200, want: `{"predictions": [[2.5], [3.0]]}`},
		{name: "status of all versions", method: "GET", path: "/v1/models/half_plus_two", status: 200, want: status("123", "124")},
		{name: "latest only", method: "GET", path: "/v1/models/latest", status: 200, want: status("124")},
		{name: "older version not loaded", path: "/v1/models/latest/versions/123:predict", body: `{"instances": [1.0]}`, status: 404},
		{name: "other signature", path: "/v1/models/half_plus_two:predict", body: `{"signature_name": "regress_x2_to_y3", "inputs": {"inputs": [2.0]}}`, status: 200, want: `{"outputs": [4.0]}`},
		{name: "unknown signature", path: "/v1/models/half_plus_two:predict", body: `{"signature_name": "nope", "instances": [1.0]}`, status: 400, want: `Serving signature name: "nope" not found in signature def`},
		{name: "kernel refusal", path: "/v1/models/half_plus_two:predict", body: `{"signature_name": "classify_x_to_y", "inputs": ["not a tf.Example"]}`, status: 400, want: "ParseExample"},
		{name: "unknown input", path: "/v1/models/half_plus_two:predict", body: `{"inputs": {"z": [1.0]}}`, status: 400, want: `unknown input "z"`},
		{name: "classify with context", path: "/v1/models/half_plus_two:classify",
			body:   `{"signature_name": "classify_x_to_y", "context": {"x": 2.0}, "examples": [{"x": 4.0}, {}]}`,
			status: 200, want: `{"results": [[["", 4.0]], [["", 3.0]]]}`},
		{name: "regress with context", path: "/v1/models/half_plus_two:regress",
			body:   `{"signature_name": "regress_x_to_y2", "context": {"x": 2.0}, "examples": [{"x": [4.0]}, {}]}`,
			status: 200, want: `{"results": [5.0, 4.0]}`},
		{name: "half_plus_three predict", path: "/v1/models/half_plus_three:predict", body: `{"instances": [2.0]}`, status: 200, want: `{"predictions": [4.0]}`},
		// TF Serving's REST API docs: the regress signature names a DT_FLOAT
		// input that is really the DT_STRING tf.Example placeholder.
		{name: "half_plus_three regress", path: "/v1/models/half_plus_three:regress", body: `{"signature_name": "tensorflow/serving/regress", "examples": [{"x": 1.0}, {"x": 2.0}]}`, status: 200, want: `{"results": [3.5, 4.0]}`},
		{name: "regress on a classify signature", path: "/v1/models/half_plus_two:regress", body: `{"signature_name": "classify_x_to_y", "examples": [{"x": 1.0}]}`,
			status: 400, want: "method_name to be tensorflow/serving/regress. Was: tensorflow/serving/classify"},
		{name: "regress on float input", path: "/v1/models/half_plus_two:regress", body: `{"signature_name": "regress_x2_to_y3", "examples": [{"x2": 1.0}]}`,
			status: 400, want: "does not take one string tensor of tf.Examples"},
		{name: "example of the wrong type", path: "/v1/models/half_plus_two:regress", body: `{"signature_name": "regress_x_to_y", "examples": [{"x": 1}]}`, status: 400, want: `feature "x"`},
		{name: "examples missing", path: "/v1/models/half_plus_two:regress", body: `{"signature_name": "regress_x_to_y"}`, status: 400, want: `"examples" must be a list`},
		{name: "V2 infer", path: "/v2/models/half_plus_two/infer", body: `{"inputs": [{"name": "x", "datatype": "FP32", "shape": [3, 1], "data": [1, 2, 5]}]}`,
			status: 200, want: `{"model_name":"half_plus_two","model_version":"124","outputs":[{"name":"y","datatype":"FP32","shape":[3,1],"data":[2.5,3,4.5]}]}`},
		{name: "TF2 predict", path: "/v1/models/saved_model_half_plus_two_2_versions:predict", body: `{"instances": [1.0, 2.0, 5.0]}`, status: 200, want: `{"predictions": [2.5, 3.0, 4.5]}`},
		{name: "TF2 metadata", method: "GET", path: "/v1/models/saved_model_half_plus_two_2_versions/versions/123/metadata", status: 200, want: string(tf2Metadata)},
	})
}

// FuzzSavedModelExamples posts arbitrary :regress bodies to half_plus_two:
// the tf.Examples reach the graph's ParseExample, and no body may cause a
// server fault.
func FuzzSavedModelExamples(f *testing.F) {
	corpus := os.Getenv("SLIPWAY_CORPUS")
	if corpus == "" {
		f.Skip("SLIPWAY_CORPUS is not set")
	}
	rt := runtime.New(runtime.Options{})
	if err := rt.Load(f.Context(), "m", "", filepath.Join(corpus, "savedmodel", "tfserving__saved_model_half_plus_two_cpu")); err != nil {
		f.Fatal(err)
	}
	s, err := New(Default(), rt, nil)
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	for _, seed := range []string{
		`{"signature_name": "regress_x_to_y", "examples": [{"x": 80.0}]}`,
		`{"signature_name": "regress_x_to_y2", "context": {"x": [1.0, 2.0]}, "examples": [{}, {"x": "s"}]}`,
		`{"signature_name": "regress_x_to_y", "examples": [{"x": {"b64": "AAE="}}, {"y": [1, 2]}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/v1/models/m:regress", bytes.NewReader(body)))
		if w.Code >= 500 {
			t.Errorf("%s: status %d %s", body, w.Code, w.Body)
		}
	})
}
