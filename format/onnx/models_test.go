package onnx

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// modelsManifest is the part of onnx-models/manifest.json the test reads.
type modelsManifest []struct {
	File string `json:"file"`
	Note string `json:"note"`
}

// expectation is an entry of onnx-models/expected_outputs.json.
type expectation struct {
	Inputs    map[string]jsonValue `json:"inputs"`
	Expected  map[string]jsonValue `json:"expected_outputs"`
	Tolerance *struct {
		RTol float64 `json:"rtol"`
		ATol float64 `json:"atol"`
	} `json:"tolerance"`
}

type jsonValue struct {
	DType string          `json:"dtype"`
	Type  string          `json:"type"`
	Shape []any           `json:"shape"`
	Data  json.RawMessage `json:"data"`
}

// realModelCases checks every model of onnx-models: negative ones must fail
// to load, the others must load, and run to their expected outputs where
// those are recorded.
func realModelCases(t *testing.T, corpus string) []confCase {
	root := filepath.Join(corpus, "onnx-models")
	var manifest modelsManifest
	readJSON(t, filepath.Join(root, "manifest.json"), &manifest)
	var expected map[string]expectation
	readJSON(t, filepath.Join(root, "expected_outputs.json"), &expected)
	var cases []confCase
	for _, e := range manifest {
		path := filepath.Join(root, e.File)
		negative := strings.HasPrefix(e.Note, "NEGATIVE") || strings.Contains(e.Note, "intentionally absent")
		exp, hasExp := expected[e.File]
		cases = append(cases, confCase{name: "onnx-models/" + e.File, run: func() outcome {
			m, err := Load(path)
			switch {
			case negative && err == nil:
				return outcome{fail: "a negative model loaded"}
			case negative:
				return outcome{}
			case err != nil:
				if reason := skipReason(err); reason != "" {
					return outcome{skip: reason}
				}
				return outcome{fail: "load: " + err.Error()}
			}
			o := outcome{ops: modelOps(path)}
			if hasExp {
				o.fail = checkExpectation(m, exp)
			}
			return o
		}})
		sets, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "test_data_set_*"))
		sort.Strings(sets)
		if len(sets) > 0 && !negative {
			c := backendCase{name: "onnx-models/" + filepath.Dir(e.File), model: path, data: sets[0]}
			cases = append(cases, confCase{name: c.name, run: func() outcome { return runBackendCase(c) }})
		}
	}
	return cases
}

func readJSON(t *testing.T, path string, v any) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// checkExpectation runs the recorded inputs and compares the recorded
// outputs; entries given as formulas rather than data are not run.
func checkExpectation(m *Model, exp expectation) string {
	feeds := make([]ops.Value, len(m.g.inputs))
	for i, p := range m.g.inputs {
		jv, ok := exp.Inputs[m.g.names[p.id]]
		if !ok {
			return ""
		}
		v, err := jv.value()
		if err != nil {
			return "" // not data this test can read
		}
		feeds[i] = v
	}
	got, err := m.g.run(context.Background(), feeds)
	if err != nil {
		return "run: " + err.Error()
	}
	rtol, atol := 1e-4, 1e-6
	if exp.Tolerance != nil {
		rtol, atol = max(exp.Tolerance.RTol, 1e-5), max(exp.Tolerance.ATol, 1e-7)
	}
	for i, p := range m.g.outputs {
		jv, ok := exp.Expected[m.g.names[p.id]]
		if !ok {
			continue
		}
		want, err := jv.value()
		if err != nil {
			continue
		}
		if w, ok := want.(*tensor.Tensor); ok && jv.Shape == nil {
			// Recorded without a shape: compare the elements only.
			if g, ok := got[i].(*tensor.Tensor); ok && g.Len() == w.Len() {
				want, _ = w.Reshape(g.Shape())
			}
		}
		if d := compareValues(got[i], want, rtol, atol); d != "" {
			return fmt.Sprintf("output %q: %s", m.g.names[p.id], d)
		}
	}
	return ""
}

// value converts a JSON test value: a tensor given by dtype and nested
// data, or a sequence or map given by type.
func (v jsonValue) value() (ops.Value, error) {
	var data any
	if err := json.Unmarshal(v.Data, &data); err != nil || data == nil {
		return nil, fmt.Errorf("no data")
	}
	switch {
	case v.DType != "":
		return jsonTensor(v.DType, data)
	case strings.HasPrefix(v.Type, "map("):
		return jsonMap(v.Type, data)
	case strings.HasPrefix(v.Type, "seq(map("):
		list, ok := data.([]any)
		if !ok {
			return nil, fmt.Errorf("want a list")
		}
		seq := ops.Sequence{}
		for _, m := range list {
			mv, err := jsonMap(strings.TrimSuffix(strings.TrimPrefix(v.Type, "seq("), ")"), m)
			if err != nil {
				return nil, err
			}
			seq = append(seq, mv)
		}
		return seq, nil
	case strings.HasPrefix(v.Type, "seq(tensor("):
		list, ok := data.([]any)
		if !ok {
			return nil, fmt.Errorf("want a list")
		}
		dt := strings.TrimSuffix(strings.TrimPrefix(v.Type, "seq(tensor("), "))")
		seq := ops.Sequence{}
		for _, x := range list {
			t, err := jsonTensor(dt, x)
			if err != nil {
				return nil, err
			}
			seq = append(seq, t)
		}
		return seq, nil
	}
	return nil, fmt.Errorf("unsupported value type %q", v.Type)
}

// jsonMap reads {"key": value} as a map with the keys sorted as the
// runtime's maps keep them (by key).
func jsonMap(typ string, data any) (ops.Value, error) {
	obj, ok := data.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want an object")
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	vals := make([]any, 0, len(obj))
	var kt *tensor.Tensor
	var err error
	if strings.HasPrefix(typ, "map(int64") {
		ik := make([]int64, len(keys))
		for i, k := range keys {
			if ik[i], err = strconv.ParseInt(k, 10, 64); err != nil {
				return nil, err
			}
		}
		sort.Slice(ik, func(i, j int) bool { return ik[i] < ik[j] })
		for _, k := range ik {
			vals = append(vals, obj[strconv.FormatInt(k, 10)])
		}
		kt, err = tensor.New([]int{len(ik)}, ik)
	} else {
		sort.Strings(keys)
		for _, k := range keys {
			vals = append(vals, obj[k])
		}
		kt, err = tensor.New([]int{len(keys)}, keys)
	}
	if err != nil {
		return nil, err
	}
	vt := "float32"
	if strings.Contains(typ, "tensor(double)") {
		vt = "float64"
	}
	v, err := jsonTensor(vt, vals)
	if err != nil {
		return nil, err
	}
	return ops.Map{Keys: kt, Values: v}, nil
}

func jsonTensor(dtype string, data any) (*tensor.Tensor, error) {
	var shape []int
	for x := data; ; {
		l, ok := x.([]any)
		if !ok {
			break
		}
		shape = append(shape, len(l))
		if len(l) == 0 {
			break
		}
		x = l[0]
	}
	var flat []any
	var walk func(x any)
	walk = func(x any) {
		if l, ok := x.([]any); ok {
			for _, e := range l {
				walk(e)
			}
			return
		}
		flat = append(flat, x)
	}
	walk(data)
	if dtype == "string" {
		s := make([]string, len(flat))
		for i, x := range flat {
			s[i], _ = x.(string)
		}
		return tensor.New(shape, s)
	}
	if dtype == "bool" {
		b := make([]bool, len(flat))
		for i, x := range flat {
			b[i], _ = x.(bool)
		}
		return tensor.New(shape, b)
	}
	f := make([]float64, len(flat))
	for i, x := range flat {
		v, ok := x.(float64)
		if !ok {
			return nil, fmt.Errorf("element %d is %T", i, x)
		}
		f[i] = v
	}
	t, err := tensor.New(shape, f)
	if err != nil {
		return nil, err
	}
	dt, ok := map[string]tensor.DType{
		"float32": tensor.Float32, "float64": tensor.Float64, "int64": tensor.Int64, "int32": tensor.Int32,
		"int16": tensor.Int16, "int8": tensor.Int8, "uint8": tensor.Uint8, "uint16": tensor.Uint16,
		"uint32": tensor.Uint32, "uint64": tensor.Uint64, "float16": tensor.Float16,
	}[dtype]
	if !ok {
		return nil, fmt.Errorf("unsupported dtype %q", dtype)
	}
	return ops.Cast(t, dt)
}
