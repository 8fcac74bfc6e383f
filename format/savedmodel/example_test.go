package savedmodel

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// examples serializes one tf.Example per feature map, as TF Serving does
// for the "examples" of a classify or regress request.
func examples(t *testing.T, features ...map[string]float32) *tensor.Tensor {
	t.Helper()
	var out []string
	for _, fs := range features {
		ex := &tfpb.Example{Features: &tfpb.Features{Feature: map[string]*tfpb.Feature{}}}
		for k, v := range fs {
			ex.Features.Feature[k] = &tfpb.Feature{Kind: &tfpb.Feature_FloatList{FloatList: &tfpb.FloatList{Value: []float32{v}}}}
		}
		b, err := proto.Marshal(ex)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return mustT([]int{len(out)}, out...)
}

// TestCorpusExamples runs the classify and regress signatures on
// tf.Example inputs, with TF Serving's documented results.
func TestCorpusExamples(t *testing.T) {
	root := corpus(t)
	for _, c := range []struct {
		dir, signature, output string
		in                     []map[string]float32
		want                   []float64
		from                   string
	}{
		{"tfserving__saved_model_half_plus_two_cpu/00000123", "classify_x_to_y", "scores",
			[]map[string]float32{{"x": 2}}, []float64{3}, "testClassifyREST"},
		{"tfserving__saved_model_half_plus_two_cpu/00000123", "regress_x_to_y", "outputs",
			[]map[string]float32{{"x": 2}}, []float64{3}, "testRegressREST"},
		{"tfserving__saved_model_half_plus_two_2_versions/00000123", "regress_x_to_y", "outputs",
			[]map[string]float32{{"x": 80}}, []float64{42}, "http_rest_api_handler_test.cc"},
		{"tfserving__saved_model_half_plus_two_2_versions/00000123", "classify_x_to_y", "scores",
			[]map[string]float32{{"x": 20}, {"x": 10}}, []float64{12, 7}, "http_rest_api_handler_test.cc"},
		{"tfserving__saved_model_half_plus_two_2_versions/00000123", "regress_x_to_y2", "outputs",
			[]map[string]float32{{"x": 2, "x2": 100}}, []float64{4}, "y2 = 0.5*x + 3"},
		{"tfserving__saved_model_half_plus_two_tf2_cpu/00000123", "regress_x_to_y", "outputs",
			[]map[string]float32{{"x": 2}}, []float64{3}, "testRegressTf2"},
		{"tfserving__saved_model_half_plus_two_tf2_cpu/00000123", "classify_x_to_y", "scores",
			[]map[string]float32{{"x": 2}}, []float64{3}, "testClassifyTf2"},
	} {
		t.Run(c.dir+"/"+c.signature, func(t *testing.T) {
			m, err := Load(context.Background(), filepath.Join(root, c.dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			out, err := m.PredictSignature(context.Background(), c.signature, model.Tensors{"inputs": examples(t, c.in...)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := out[c.output].Float64s()
			if !near(got, c.want, 1e-6) {
				t.Errorf("%s = %v, want %v (%s)", c.output, got, c.want, c.from)
			}
		})
	}
}

// TestCorpusExampleErrors checks that bad tf.Example inputs are the client's
// fault.
func TestCorpusExampleErrors(t *testing.T) {
	m, err := Load(context.Background(), filepath.Join(corpus(t), "tfserving__saved_model_half_plus_two_cpu"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		in   *tensor.Tensor
		want string
	}{
		{"missing_feature", examples(t, map[string]float32{"y": 1}), `feature "x" (FP32) is required`},
		{"not_a_proto", mustT([]int{1}, "\xff\xff"), "example 0"},
	} {
		_, err := m.PredictSignature(context.Background(), "regress_x_to_y", model.Tensors{"inputs": c.in}, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !model.IsInputError(err) {
			t.Errorf("%s: error = %v, want an input error containing %q", c.name, err, c.want)
		}
	}
}
