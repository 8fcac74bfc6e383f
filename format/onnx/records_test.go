package onnx

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// recordModel loads an own test model by name, or a corpus model by its
// path under onnx-models/ (skipping without SLIPWAY_CORPUS).
func recordModel(t *testing.T, name string) *Model {
	t.Helper()
	path := filepath.Join(ownModels, name, "model.onnx")
	if strings.HasSuffix(name, ".onnx") {
		corpus := os.Getenv("SLIPWAY_CORPUS")
		if corpus == "" {
			t.Skip("SLIPWAY_CORPUS is not set")
		}
		path = filepath.Join(corpus, "onnx-models", name)
	}
	m, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRecordSignature(t *testing.T) {
	const (
		winml = "onnxruntime/winml/test/collateral/models/"
		ort   = "onnxruntime/onnxruntime/test/testdata/"
	)
	tests := []struct {
		model string
		input bool
		want  string // the spec as %v prints it; "" when the output is left out
	}{
		{"ml_zipmap_classifier", false, "{output_probability FP32 [-1 3] [2 7 10]}"},
		{"ml_zipmap_classifier", false, "{output_label INT64 [-1] []}"},
		{"ml_zipmap_strings", false, "{output_probability FP32 [-1 3] [a b c]}"},
		{"ml_dict_vectorizer_classifier", true, "{X FP32 [-1 4] [age height speed weight]}"},
		{"ml_dict_vectorizer_classifier", false, "{output_probability FP32 [-1 3] [high low mid]}"},
		{"ml_dict_vectorizer", true, "{X FP32 [-1 3] [a b c]}"},
		{"ml_cast_map", true, "{X BYTES [-1 5] [0 1 2 3 4]}"},
		{"onnxruntime_go/test_data/sklearn_randomforest.onnx", false, "{output_probability FP32 [-1 3] [0 1 2]}"},
		{ort + "sklearn_bin_voting_classifier_soft.onnx", false, "{output_probability FP32 [-1 2] [A B]}"},
		{ort + "zipmap_int64float.onnx", false, "{Z FP32 [-1 3] [10 20 30]}"},
		{ort + "pipeline_vectorize.onnx", true, "{float_input FP32 [-1 12] [0 1 2 3 4 5 6 7 8 9 10 11]}"},
		{winml + "dictvectorizer-string.onnx", true, "{X FP32 [-1 3] [1 10 2]}"},
		// A dense CastMap's output width depends on the keys sent.
		{winml + "castmap-int64.onnx", true, "{X INVALID [] []}"},
		// A sequence of tensors has no keys.
		{ort + "sequence_construct.onnx", false, ""},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.model)+"/"+strings.Fields(strings.TrimPrefix(tt.want, "{") + " -")[0], func(t *testing.T) {
			sig := recordModel(t, tt.model).Signature()
			specs := sig.Outputs
			if tt.input {
				specs = sig.Inputs
			}
			var got []string
			for _, s := range specs {
				got = append(got, fmt.Sprint(s))
			}
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("outputs = %v, want none", got)
				}
				return
			}
			if !slices.Contains(got, tt.want) {
				t.Errorf("specs = %v, want one %s", got, tt.want)
			}
		})
	}
}

// TestRecordPredict feeds the recorded inputs of models with record inputs
// or outputs through Predict, every data set of a model in one batch, and
// compares with the recorded outputs (scikit-learn's for the own models).
func TestRecordPredict(t *testing.T) {
	for _, name := range []string{"ml_zipmap_classifier", "ml_zipmap_strings", "ml_dict_vectorizer_classifier", "ml_dict_vectorizer", "ml_cast_map"} {
		t.Run(name, func(t *testing.T) {
			m := recordModel(t, name)
			sets, _ := filepath.Glob(filepath.Join(ownModels, name, "test_data_set_*"))
			in := make([][]ops.Value, len(m.g.inputs))
			want := make([][]ops.Value, len(m.g.outputs))
			for _, set := range sets {
				for i, p := range m.g.inputs {
					in[i] = append(in[i], mustRead(t, filepath.Join(set, fmt.Sprintf("input_%d.pb", i)), p.typ))
				}
				for i, p := range m.g.outputs {
					want[i] = append(want[i], mustRead(t, filepath.Join(set, fmt.Sprintf("output_%d.pb", i)), p.typ))
				}
			}
			checkRecordPredict(t, m, in, want, 1e-5, 1e-6)
		})
	}
}

// TestRecordPredictCorpus does the same with the corpus models whose
// expected outputs onnxruntime's and onnxruntime_go's tests assert.
func TestRecordPredictCorpus(t *testing.T) {
	corpus := os.Getenv("SLIPWAY_CORPUS")
	if corpus == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	var expected map[string]expectation
	readJSON(t, filepath.Join(corpus, "onnx-models", "expected_outputs.json"), &expected)
	for _, name := range []string{
		"onnxruntime_go/test_data/sklearn_randomforest.onnx",
		"onnxruntime/onnxruntime/python/datasets/logreg_iris.onnx",
		"onnxruntime/onnxruntime/test/testdata/zipmap_int64float.onnx",
		"onnxruntime/onnxruntime/test/testdata/zipmap_stringfloat.onnx",
		"onnxruntime/onnxruntime/test/testdata/pipeline_vectorize.onnx",
	} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			m, exp := recordModel(t, name), expected[name]
			value := func(kind string, vals map[string]jsonValue, p port) []ops.Value {
				v, err := vals[m.g.names[p.id]].value()
				if err != nil {
					t.Fatalf("%s %s: %v", kind, m.g.names[p.id], err)
				}
				return []ops.Value{v}
			}
			in := make([][]ops.Value, len(m.g.inputs))
			for i, p := range m.g.inputs {
				in[i] = value("input", exp.Inputs, p)
			}
			want := make([][]ops.Value, len(m.g.outputs))
			for i, p := range m.g.outputs {
				want[i] = value("output", exp.Expected, p)
			}
			checkRecordPredict(t, m, in, want, 1e-5, 1e-6)
		})
	}
}

func mustRead(t *testing.T, path string, typ *valueType) ops.Value {
	t.Helper()
	v, err := readValue(path, typ)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// checkRecordPredict joins each input's values (tensors by rows, maps as
// one record each) into one batch, predicts, and compares each output with
// its values joined alike (sequences of maps as records).
func checkRecordPredict(t *testing.T, m *Model, in, want [][]ops.Value, rtol, atol float64) {
	t.Helper()
	sig := m.Signature()
	feeds := model.Tensors{}
	for i, spec := range sig.Inputs {
		feeds[spec.Name] = batch(t, spec, in[i])
	}
	out, err := m.Predict(context.Background(), feeds, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range m.g.outputs {
		spec, ok := sig.Output(m.g.names[p.id])
		if !ok {
			continue
		}
		w := batch(t, spec, want[i])
		if d := compareTensors(out[spec.Name], w, rtol, atol); d != "" {
			t.Errorf("output %s: %s", spec.Name, d)
		}
	}
}

// batch lays values out as the tensor the spec describes: maps, or
// sequences of them, as rows of values under spec.Keys (zero where a map
// lacks a key), tensors joined along the first axis.
func batch(t *testing.T, spec model.TensorSpec, vals []ops.Value) *tensor.Tensor {
	t.Helper()
	var maps []ops.Map
	var parts []*tensor.Tensor
	for _, v := range vals {
		switch v := v.(type) {
		case ops.Map:
			maps = append(maps, v)
		case ops.Sequence:
			for _, e := range v {
				maps = append(maps, e.(ops.Map))
			}
		case *tensor.Tensor:
			parts = append(parts, v)
		}
	}
	if spec.Keys == nil {
		got, err := join(toValues(parts))
		if err != nil {
			t.Fatal(err)
		}
		return got.(*tensor.Tensor)
	}
	rows := make([]*tensor.Tensor, len(maps))
	for r, mp := range maps {
		keys := mapKeyText(t, mp.Keys)
		idx := make([]int, len(spec.Keys))
		for j, k := range spec.Keys {
			idx[j] = slices.Index(keys, k)
		}
		for _, k := range keys {
			if !slices.Contains(spec.Keys, k) {
				t.Fatalf("%s: key %q is not in %v", spec.Name, k, spec.Keys)
			}
		}
		vals, err := mp.Values.Convert(spec.DType)
		if err == nil {
			rows[r], err = ops.Take(vals, []int{1, len(idx)}, idx)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := join(toValues(rows))
	if err != nil {
		t.Fatal(err)
	}
	return got.(*tensor.Tensor)
}

func toValues(ts []*tensor.Tensor) []ops.Value {
	vs := make([]ops.Value, len(ts))
	for i, t := range ts {
		vs[i] = t
	}
	return vs
}

func mapKeyText(t *testing.T, keys *tensor.Tensor) []string {
	if s, ok := tensor.Values[string](keys); ok {
		return s
	}
	ints, ok := tensor.Values[int64](keys)
	if !ok {
		t.Fatalf("map keys are %v", keys.DType())
	}
	out := make([]string, len(ints))
	for i, k := range ints {
		out[i] = strconv.FormatInt(k, 10)
	}
	return out
}
