package savedmodel

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// corpus returns $SLIPWAY_CORPUS/savedmodel, skipping the test when the
// variable is unset.
func corpus(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SLIPWAY_CORPUS")
	if dir == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	return filepath.Join(dir, "savedmodel")
}

func f32(t *testing.T, shape []int, v ...float32) *tensor.Tensor {
	t.Helper()
	x, err := tensor.New(shape, v)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// halfPlusTwo lists the TF Serving half_plus_two exports: y = 0.5x + 2 on
// input x, and y3 = 0.5x2 + 3 on regress_x2_to_y3's input.
var halfPlusTwo = []string{
	"tf__cc_half_plus_two/00000123",
	"tf__cc_half_plus_two_main_op/00000123",
	"tf__cc_half_plus_two_pbtxt/00000123",
	"tf__cc_half_plus_two_v2/00000123",
	"tfserving__saved_model_half_plus_two_2_versions/00000123",
	"tfserving__saved_model_half_plus_two_2_versions/00000124",
	"tfserving__saved_model_half_plus_two_cpu/00000123",
	"tfserving__saved_model_half_plus_two_cpu_with_empty_saved_model_config/00000123",
	"tfserving__saved_model_half_plus_two_cpu_with_saved_model_config/00000123",
	"tfserving__saved_model_half_plus_two_gpu/00000123",
	"tfserving__saved_model_half_plus_two_gpu_trt/00000123",
	"tfserving__saved_model_half_plus_two_mlmd/00000123",
}

type predictCase struct {
	name      string
	dir       string
	tags      []string
	signature string // "" for the default
	inputs    func(t *testing.T) model.Tensors
	output    string
	shape     []int
	want      []float64
	from      string // where the expected output is asserted
}

func predictCases() []predictCase {
	cases := []predictCase{
		{name: "readme", dir: "tfserving__saved_model_half_plus_two_cpu/00000123",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, []int{3}, 1, 2, 5)} },
			output: "y", shape: []int{3}, want: []float64{2.5, 3, 4.5}, from: "TF Serving README.md"},
		{name: "rest_columns", dir: "tfserving__saved_model_half_plus_two_2_versions/00000123",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, []int{2, 2}, 1, 2, 3, 4)} },
			output: "y", shape: []int{2, 2}, want: []float64{2.5, 3, 3.5, 4}, from: "http_rest_api_handler_test.cc"},
		{name: "tf2", dir: "tfserving__saved_model_half_plus_two_tf2_cpu/00000123",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, []int{1}, 2)} },
			output: "y", shape: []int{1}, want: []float64{3}, from: "tensorflow_model_server_test.py::testClassifyTf2"},
		{name: "tf2_x2", dir: "tfserving__saved_model_half_plus_two_tf2_cpu/00000123", signature: "regress_x2_to_y3",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"inputs": f32(t, []int{1}, 2)} },
			output: "outputs", shape: []int{1}, want: []float64{4}, from: "y3 = 0.5*x2 + 3"},
		{name: "half_plus_three", dir: "tfserving__saved_model_half_plus_three/00000123",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, []int{1}, 2)} },
			output: "y", shape: []int{1}, want: []float64{4}, from: "tensorflow_model_server_test.py::testGoodModelConfig"},
		{name: "empty_tags", dir: "tf__go_half_plus_two_empty_tags/00000123", tags: []string{},
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, []int{2, 1}, 2, 3)} },
			output: "y", shape: []int{2, 1}, want: []float64{3, 3.5}, from: "tensorflow/go saved_model test"},
		{name: "matrix", dir: "tfserving__matrix_half_plus_two/1",
			inputs: func(t *testing.T) model.Tensors {
				return model.Tensors{"x": f32(t, []int{1, 3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9)}
			},
			output: "y", shape: []int{1, 3, 3}, want: []float64{2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5}, from: "y = 0.5*x + 2"},
		{name: "counter", dir: "tfserving__saved_model_counter/00000123", signature: "get_counter",
			inputs: func(*testing.T) model.Tensors { return model.Tensors{} },
			output: "output", shape: []int{}, want: []float64{0}, from: "counter variable (init 0.0)"},
		{name: "vars_arithmetic", dir: "tf__cc_VarsAndArithmeticObjectGraph",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"a": f32(t, nil, 2), "b": f32(t, nil, 1)} },
			output: "output_0", shape: []int{}, want: []float64{8}, from: "saved_model_api_test.cc"},
		{name: "while_loop", dir: "tf__c_SimpleWhileLoop",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"value": f32(t, nil, 10)} },
			output: "output_0", shape: []int{}, want: []float64{55}, from: "saved_model_api_test.cc"},
		{name: "uninitialized_variable", dir: "tf__c_UninitializedVariable",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"value": f32(t, nil, 2)} },
			output: "output_0", shape: []int{}, want: []float64{3}, from: "compute(value) = 1.0 + value"},
		{name: "x_plus_y", dir: "tf__cc_x_plus_y_v2_debuginfo",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, nil, 10), "y": f32(t, nil, 3)} },
			output: "output_0", shape: []int{}, want: []float64{13}, from: "output_0 = x + y"},
	}
	mkl := "tfserving__saved_model_half_plus_two_mkl/00000123"
	cases = append(cases,
		predictCase{name: "mkl/y", dir: mkl,
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, []int{3, 1}, 2, 3, 4)} },
			output: "y", shape: []int{3, 1}, want: []float64{3, 3.5, 4}, from: "tensorflow_model_server_test.py::testPredictREST"},
		// A dummy Conv2D adds zeros of shape [1, 10, 10, 1], as the
		// signature records.
		predictCase{name: "mkl/y3", dir: mkl, signature: "regress_x2_to_y3",
			inputs: func(t *testing.T) model.Tensors { return model.Tensors{"inputs": f32(t, []int{1, 1}, 2)} },
			output: "outputs", shape: []int{1, 10, 10, 1}, want: slices.Repeat([]float64{4}, 100), from: "y3 = 0.5*x2 + 3"})
	for _, dir := range halfPlusTwo {
		cases = append(cases,
			predictCase{name: dir + "/y", dir: dir,
				inputs: func(t *testing.T) model.Tensors { return model.Tensors{"x": f32(t, []int{3, 1}, 2, 3, 4)} },
				output: "y", shape: []int{3, 1}, want: []float64{3, 3.5, 4}, from: "tensorflow_model_server_test.py::testPredictREST"},
			predictCase{name: dir + "/y3", dir: dir, signature: "regress_x2_to_y3",
				inputs: func(t *testing.T) model.Tensors { return model.Tensors{"inputs": f32(t, []int{1, 1}, 2)} },
				output: "outputs", shape: []int{1, 1}, want: []float64{4}, from: "y3 = 0.5*x2 + 3"})
	}
	return cases
}

func TestCorpusPredict(t *testing.T) {
	root := corpus(t)
	for _, c := range predictCases() {
		t.Run(c.name, func(t *testing.T) {
			m, err := Load(context.Background(), filepath.Join(root, c.dir), Options{Tags: c.tags})
			if err != nil {
				t.Fatal(err)
			}
			sig := c.signature
			if sig == "" {
				sig = DefaultSignature
			}
			out, err := m.PredictSignature(context.Background(), sig, c.inputs(t), []string{c.output})
			if err != nil {
				t.Fatal(err)
			}
			got := out[c.output]
			vals, err := got.Float64s()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Shape(), c.shape) || !near(vals, c.want, 1e-6) {
				t.Errorf("%s = %v %v, want %v %v (%s)", c.output, got.Shape(), vals, c.shape, c.want, c.from)
			}
		})
	}
}

func near(got, want []float64, tol float64) bool {
	return slices.EqualFunc(got, want, func(g, w float64) bool {
		return math.Abs(g-w) <= tol*math.Max(1, math.Abs(w))
	})
}

// TestCorpusReadme is TF Serving's README example through model.Load, the
// path `slipway serve` takes.
func TestCorpusReadme(t *testing.T) {
	dir := filepath.Join(corpus(t), "tfserving__saved_model_half_plus_two_cpu")
	m, err := model.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Predict(context.Background(), model.Tensors{"x": f32(t, []int{3}, 1, 2, 5)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := out["y"].Float64s(); !slices.Equal(got, []float64{2.5, 3, 4.5}) {
		t.Errorf("predictions = %v, want [2.5 3 4.5]", got)
	}
}

// TestCorpusChunked checks the proto-splitter export's text rendering
// against the normal export of the same constant.
func TestCorpusChunked(t *testing.T) {
	root := filepath.Join(corpus(t), "tf__cc_chunked_saved_model")
	var outs []*tensor.Tensor
	for _, d := range []string{"chunked_model", "non_chunked_model"} {
		m, err := Load(context.Background(), filepath.Join(root, d), Options{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := m.Predict(context.Background(), model.Tensors{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out["output_0"])
	}
	a, _ := tensor.Values[float64](outs[0])
	b, _ := tensor.Values[float64](outs[1])
	if !slices.Equal(outs[0].Shape(), []int{150, 150}) || !slices.Equal(a, b) {
		t.Errorf("chunked %v and non-chunked %v exports differ", outs[0].Shape(), outs[1].Shape())
	}
}

// TestCorpusLoadOnly loads models without reference outputs and runs each
// default signature on zeros, which must not fail.
func TestCorpusLoadOnly(t *testing.T) {
	root := corpus(t)
	for _, c := range []struct {
		dir  string
		tags []string
	}{
		{"tf__cc_CyclicModule", nil},
		{"tf__cc_OptimizerSlotVariableModule", nil},
		{"tf__cc_SimpleV1Model", nil},
		{"tf2onnx__regression", nil},
		{"tf2onnx__saved_model_with_redundant_inputs", nil},
		{"tfnet__keras_simple_model_from_auto_compile", nil},
		{"tfnet__keras_python_func_model", nil},
		{"tfnet__leak_testmodel", nil},
		{"tfrust__regression-model", []string{"train", "serve"}},
		{"tfrust__regression_savedmodel", nil},
	} {
		t.Run(c.dir, func(t *testing.T) {
			m, err := Load(context.Background(), filepath.Join(root, c.dir), Options{Tags: c.tags})
			if err != nil {
				t.Fatal(err)
			}
			for name, sig := range m.Signatures() {
				in := model.Tensors{}
				for _, s := range sig.Inputs {
					shape := slices.Clone(s.Shape)
					for i, d := range shape {
						shape[i] = max(d, 1)
					}
					z, err := tensor.Zeros(s.DType, shape)
					if err != nil {
						t.Fatal(err)
					}
					in[s.Name] = z
				}
				if _, err := m.PredictSignature(context.Background(), name, in, nil); err != nil {
					t.Errorf("signature %s: %v", name, err)
				}
			}
		})
	}
}

// TestCorpusNegative checks that broken and legacy exports fail to load
// with an error saying why.
func TestCorpusNegative(t *testing.T) {
	root := corpus(t)
	for _, c := range []struct {
		dir  string
		want string
	}{
		{"tfserving__bad_half_plus_two/00000123", "not a SavedModel"},
		{"tfserving__session_bundle_half_plus_two/00000123", "not a SavedModel"},
		{"tf__cc_fuzz_bad_node_attr", "Const has no value"},
		{"tf__cc_fuzz_const_with_no_value", `checkpoint has no tensor "a"`},
		{"tf__cc_fuzz_negative_shape", `checkpoint has no tensor "a"`},
	} {
		t.Run(c.dir, func(t *testing.T) {
			_, err := Load(context.Background(), filepath.Join(root, c.dir), Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load error = %v, want one containing %q", err, c.want)
			}
		})
	}
}
