package serve

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/onnx"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/runtime"
	"github.com/slipwayml/slipway/tensor"
)

// loadOwnONNX loads a model that scripts/gen_onnx.py wrote.
func loadOwnONNX(t *testing.T, name string) model.Model {
	t.Helper()
	m, err := onnx.Load(filepath.Join("..", "testdata", "onnx", name, "model.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkExact runs calls and compares successful answers byte for byte,
// which also pins the order of keys in records.
func (ts *testServer) checkExact(t *testing.T, calls []call) {
	t.Helper()
	ts.checkWith(t, calls, func(_ *testing.T, got, want []byte) bool {
		return string(got) == string(want)+"\n"
	})
}

// The ZipMap model's rows X = [[0.25, 0.5, 0.25], [0.125, 0, 0.875]] are
// class scores under the labels b, c, a; its records list the keys sorted.
const (
	zipX       = `[[0.25,0.5,0.25],[0.125,0,0.875]]`
	zipRecords = `[{"a":0.25,"b":0.25,"c":0.5},{"a":0.875,"b":0.125,"c":0}]`
	zipByName  = `{"output_label":[1,2],"output_probability":` + zipRecords + `}`
	zipByRow   = `[{"output_label":1,"output_probability":{"a":0.25,"b":0.25,"c":0.5}},{"output_label":2,"output_probability":{"a":0.875,"b":0.125,"c":0}}]`
)

// TestRecordOutputs serves a model ending in a ZipMap over every protocol.
func TestRecordOutputs(t *testing.T) {
	zm := loadOwnONNX(t, "ml_zipmap_strings")
	ts := start(t, nil, map[string]model.Model{"zm": zm})
	ts.checkExact(t, []call{
		{name: "plain", path: "/predict", body: zipX, status: 200, want: `{"prediction":` + zipByName + `}`},
		{name: "tfserving and kserve v1 rows", path: "/v1/models/zm:predict", body: `{"instances":` + zipX + `}`, status: 200,
			want: `{"predictions":` + zipByRow + `}`},
		{name: "tfserving columns", path: "/v1/models/zm:predict", body: `{"inputs":` + zipX + `}`, status: 200,
			want: `{"outputs":` + zipByName + `}`},
		{name: "mlflow inputs", path: "/invocations", body: `{"inputs":` + zipX + `}`, status: 200, want: `{"predictions":` + zipByName + `}`},
		{name: "mlflow dataframe_split", path: "/invocations", body: `{"dataframe_split":{"data":` + zipX + `}}`, status: 200, want: `{"predictions":` + zipByName + `}`},
		{name: "v2 infer", path: "/v2/models/zm/infer", body: `{"inputs":[{"name":"X","datatype":"FP32","shape":[2,3],"data":[0.25,0.5,0.25,0.125,0,0.875]}]}`, status: 200,
			want: `{"model_name":"zm","model_version":"1","outputs":[{"name":"output_label","datatype":"INT64","shape":[2],"data":[1,2]},` +
				`{"name":"output_probability","datatype":"FP32","shape":[2,3],"parameters":{"keys":["a","b","c"]},"data":[0.25,0.25,0.5,0.875,0.125,0]}]}`},
		{name: "v2 metadata", method: "GET", path: "/v2/models/zm", status: 200,
			want: `{"name":"zm","versions":["1"],"platform":"onnx","inputs":[{"name":"X","datatype":"FP32","shape":[-1,3]}],` +
				`"outputs":[{"name":"output_label","datatype":"INT64","shape":[-1]},{"name":"output_probability","datatype":"FP32","shape":[-1,3]}]}`},
		{name: "tfserving metadata", method: "GET", path: "/v1/models/zm/metadata", status: 200,
			want: `{"model_spec":{"name":"zm","signature_name":"","version":"1"},"metadata":{"signature_def":{"signature_def":{"serving_default":{` +
				`"inputs":{"X":{"dtype":"DT_FLOAT","tensor_shape":{"dim":[{"size":"-1","name":""},{"size":"3","name":""}],"unknown_rank":false},"name":"X"}},` +
				`"outputs":{"output_label":{"dtype":"DT_INT64","tensor_shape":{"dim":[{"size":"-1","name":""}],"unknown_rank":false},"name":"output_label"},` +
				`"output_probability":{"dtype":"DT_FLOAT","tensor_shape":{"dim":[{"size":"-1","name":""},{"size":"3","name":""}],"unknown_rank":false},"name":"output_probability"}},` +
				`"method_name":"tensorflow/serving/predict","defaults":{}}}}}}`},
	})

	t.Run("v2 binary output", func(t *testing.T) {
		_, body := ts.do(t, call{path: "/v2/models/zm/infer",
			body: `{"inputs":[{"name":"X","datatype":"FP32","shape":[1,3],"data":[0.25,0.5,0.25]}],"outputs":[{"name":"output_probability","parameters":{"binary_data":true}}]}`})
		want := `"shape":[1,3],"parameters":{"keys":["a","b","c"],"binary_data_size":12}}`
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("answer %q lacks %s", body, want)
		}
	})

	t.Run("slipway predict", func(t *testing.T) {
		for method, want := range map[string]string{
			"":                   `{"predictions":` + zipByName + `}`,
			"output_probability": `{"predictions":` + zipRecords + `}`,
		} {
			got, err := PredictOffline(t.Context(), zm, []byte(zipX), method)
			if err != nil || string(got) != want {
				t.Errorf("PredictOffline(%q) = %s, %v; want %s", method, got, err, want)
			}
		}
	})
}

// TestRecordInputs feeds map inputs (a DictVectorizer's, a sparse
// CastMap's) as JSON objects.
func TestRecordInputs(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{
		"dv": loadOwnONNX(t, "ml_dict_vectorizer"), // vocabulary a, b, c
		"cm": loadOwnONNX(t, "ml_cast_map"),        // keys 0 … 4, string values to float
	})
	ts.checkExact(t, []call{
		{name: "plain records", path: "/models/dv/predict", body: `[{"c":4,"a":-1.5},{"b":2}]`, status: 200, want: `{"prediction":[[-1.5,0,4],[0,2,0]]}`},
		{name: "unknown keys ignored", path: "/models/dv/predict", body: `{"instances":[{"zz":7,"b":2}]}`, status: 200, want: `{"prediction":[[0,2,0]]}`},
		{name: "named input", path: "/models/dv/predict", body: `{"instances":[{"X":{"a":1}}]}`, status: 200, want: `{"prediction":[[1,0,0]]}`},
		{name: "tfserving rows", path: "/v1/models/dv:predict", body: `{"instances":[{"a":1,"c":0.5}]}`, status: 200, want: `{"predictions":[[1,0,0.5]]}`},
		{name: "tfserving columns", path: "/v1/models/dv:predict", body: `{"inputs":{"X":[{"b":3}]}}`, status: 200, want: `{"outputs":[[0,3,0]]}`},
		{name: "v2 tensor of values", path: "/v2/models/dv/infer", body: `{"inputs":[{"name":"X","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}`, status: 200,
			want: `{"model_name":"dv","model_version":"1","outputs":[{"name":"Y","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}`},
		{name: "int64 keys, string values", path: "/models/cm/predict", body: `[{"3":"-1","1":"2.5"},{"0":"7"}]`, status: 200, want: `{"prediction":[[0,2.5,0,-1,0],[7,0,0,0,0]]}`},
		{name: "not an object", path: "/models/dv/predict", body: `[[1,2,3]]`, status: 400, want: `input "X" row 0: want an object`},
		{name: "wrong value type", path: "/models/dv/predict", body: `[{"a":"x"}]`, status: 400, want: `input "X"`},
		{name: "no records", path: "/models/dv/predict", body: `{"instances":[]}`, status: 400, want: `"instances" is empty`},
	})
}

// TestRecordInputsMLflow feeds a DictVectorizer's map from MLflow's data
// frame layouts: records may differ in their keys.
func TestRecordInputsMLflow(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"dv": loadOwnONNX(t, "ml_dict_vectorizer")})
	ts.checkExact(t, []call{
		{name: "dataframe_records", path: "/invocations", body: `{"dataframe_records":[{"a":1},{"c":2,"b":1}]}`, status: 200, want: `{"predictions":[[1,0,0],[0,1,2]]}`},
		{name: "dataframe_split", path: "/invocations", body: `{"dataframe_split":{"columns":["c","a"],"data":[[1,2]]}}`, status: 200, want: `{"predictions":[[2,0,1]]}`},
		{name: "csv", path: "/invocations", header: map[string]string{"Content-Type": csvCT}, body: "b,c\n1,2\n", status: 200, want: `{"predictions":[[0,1,2]]}`},
	})
}

// wideRecords takes records of 1<<16 keys and is never asked to predict.
type wideRecords struct{}

func (wideRecords) Signature() model.Signature {
	keys := make([]string, 1<<16)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	return model.Signature{Inputs: []model.TensorSpec{{Name: "m", DType: tensor.Float32, Shape: []int{-1, len(keys)}, Keys: keys}}}
}

func (wideRecords) Predict(context.Context, model.Tensors, []string) (model.Tensors, error) {
	return nil, errors.New("not reached")
}

// TestRecordLimit refuses records that a small body would blow up into a
// huge tensor.
func TestRecordLimit(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"wide": wideRecords{}})
	ts.check(t, []call{{name: "257 empty records of 65536 keys", path: "/predict", body: "[" + strings.Repeat("{},", 256) + "{}]", status: 400, want: "more than the limit"}})
}

// FuzzRecordPredict posts bodies to a DictVectorizer model: a request can
// be wrong, but never a server fault.
func FuzzRecordPredict(f *testing.F) {
	for _, seed := range []string{`[{"c":4,"a":-1.5},{"b":2}]`, `{"instances":[{"X":{"a":1}}]}`, `[{"a":"x"}]`, `[{"a":{"b64":"AA=="}}]`, `[{"a":[1]}]`} {
		f.Add([]byte(seed))
	}
	m, err := onnx.Load(filepath.Join("..", "testdata", "onnx", "ml_dict_vectorizer", "model.onnx"))
	if err != nil {
		f.Fatal(err)
	}
	rt := runtime.New(runtime.Options{})
	if err := rt.Add("dv", "", m); err != nil {
		f.Fatal(err)
	}
	s, err := New(Default(), rt, nil)
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/predict", bytes.NewReader(body)))
		if w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
	})
}

func TestAppendValueRecords(t *testing.T) {
	tests := []struct {
		name string
		data any
		rows int
		want string
	}{
		{"floats", []float32{0.5, float32(math.NaN()), float32(math.Inf(-1)), 1e-7}, 2, `[{"x":0.5,"y,z":NaN},{"x":-Infinity,"y,z":1e-07}]`},
		{"strings with commas", []string{`a,b`, `"q"`}, 1, `[{"x":"a,b","y,z":"\"q\""}]`},
		{"booleans", []bool{true, false}, 1, `[{"x":true,"y,z":false}]`},
		{"no rows", []int64{}, 0, `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x *tensor.Tensor
			var err error
			switch d := tt.data.(type) {
			case []float32:
				x, err = tensor.New([]int{tt.rows, 2}, d)
			case []string:
				x, err = tensor.New([]int{tt.rows, 2}, d)
			case []bool:
				x, err = tensor.New([]int{tt.rows, 2}, d)
			case []int64:
				x, err = tensor.New([]int{tt.rows, 2}, d)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := appendValue(nil, model.TensorSpec{Name: "r", Keys: []string{"x", "y,z"}}, x)
			if err != nil || string(got) != tt.want {
				t.Errorf("appendValue = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
	flat, _ := tensor.New([]int{3}, []float32{1, 2, 3})
	if _, err := appendValue(nil, model.TensorSpec{Name: "r", Keys: []string{"x"}}, flat); err == nil {
		t.Error("appendValue of a 1-D tensor as records: no error")
	}
}
