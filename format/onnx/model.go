package onnx

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// Model is a loaded ONNX model. It is immutable, so Predict may run
// concurrently.
type Model struct {
	g       *graph
	sig     model.Signature
	outputs map[string]int // output name → index in g.outputs
	// inRecords holds, by input, the keys of a map input fed as records
	// (nil for tensors); outRecords the keys of sequence-of-maps outputs.
	inRecords  []*recordKeys
	outRecords map[string]*recordKeys
	desc       model.Description
}

var (
	_ model.Model     = (*Model)(nil)
	_ model.Describer = (*Model)(nil)
)

func newModel(mp *onnxpb.ModelProto, g *graph, opsets map[string]int) (*Model, error) {
	m := &Model{g: g, outputs: map[string]int{}, inRecords: make([]*recordKeys, len(g.inputs)), outRecords: map[string]*recordKeys{}}
	for i, p := range g.inputs {
		spec := model.TensorSpec{Name: g.names[p.id]}
		switch rk, dt := inputRecords(g, p); {
		case p.typ.kind == kindTensor:
			spec.DType, spec.Shape = p.typ.dtype, p.typ.shape
		case rk != nil:
			spec.DType, spec.Shape, spec.Keys = dt, []int{-1, len(rk.names)}, rk.names
			m.inRecords[i] = rk
		}
		m.sig.Inputs = append(m.sig.Inputs, spec)
	}
	for i, p := range g.outputs {
		name := g.names[p.id]
		m.outputs[name] = i
		spec := model.TensorSpec{Name: name}
		switch rk := outputRecords(g, p); {
		case rk != nil:
			spec.DType, spec.Shape, spec.Keys = tensor.Float32, []int{-1, len(rk.names)}, rk.names
			m.outRecords[name] = rk
		case p.typ == nil: // undeclared: a tensor of unknown dtype
		case p.typ.kind == kindTensor:
			spec.DType, spec.Shape = p.typ.dtype, p.typ.shape
		default:
			continue // sequences and maps of keys unknown at load
		}
		m.sig.Outputs = append(m.sig.Outputs, spec)
		m.sig.Default = append(m.sig.Default, name)
	}
	m.desc = model.Description{
		Format:           "onnx",
		Framework:        mp.GetProducerName(),
		FrameworkVersion: mp.GetProducerVersion(),
		Details: map[string]any{
			"ir_version": mp.GetIrVersion(),
			"opsets":     opsets,
			"nodes":      len(mp.Graph.Node),
			"planned":    len(g.steps),
		},
	}
	return m, nil
}

// Signature implements model.Model. A map input read by a DictVectorizer
// or sparse CastMap, and a sequence-of-maps output made by a ZipMap, are
// records (model.TensorSpec.Keys); other inputs that are not tensors
// appear with dtype Invalid, other outputs that are not tensors are left
// out.
func (m *Model) Signature() model.Signature { return m.sig }

// Describe implements model.Describer.
func (m *Model) Describe() model.Description { return m.desc }

// Predict implements model.Model. Inputs given in another dtype are
// converted when no value changes; a wrong rank or fixed dimension is an
// *model.InputError.
func (m *Model) Predict(ctx context.Context, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	for name := range inputs {
		if _, ok := m.sig.Input(name); !ok {
			return nil, model.BadInput("model has no input %q (inputs: %s)", name, strings.Join(m.inputNames(), ", "))
		}
	}
	if len(outputs) == 0 {
		outputs = m.sig.Default
	}
	for _, name := range outputs {
		if _, ok := m.sig.Output(name); !ok {
			return nil, model.BadInput("model has no tensor output %q (outputs: %s)", name, strings.Join(slices.Sorted(maps.Keys(m.outputs)), ", "))
		}
	}
	feeds := make([]*tensor.Tensor, len(m.sig.Inputs))
	for i, spec := range m.sig.Inputs {
		t, err := checkInput(spec, inputs[spec.Name])
		if err != nil {
			return nil, err
		}
		feeds[i] = t
	}
	want := make([]int, len(outputs))
	for i, name := range outputs {
		want[i] = m.outputs[name]
	}
	vals, err := m.run(ctx, feeds, want)
	if err != nil {
		return nil, err
	}
	res := make(model.Tensors, len(outputs))
	for i, name := range outputs {
		if rk := m.outRecords[name]; rk != nil {
			if res[name], err = rk.table(vals[i]); err != nil {
				return nil, fmt.Errorf("output %q: %w", name, err)
			}
			continue
		}
		t, ok := vals[i].(*tensor.Tensor)
		if !ok {
			return nil, fmt.Errorf("output %q is a %T, not a tensor", name, vals[i])
		}
		res[name] = t
	}
	return res, nil
}

// run computes the wanted outputs (indices into g.outputs).
func (m *Model) run(ctx context.Context, feeds []*tensor.Tensor, want []int) ([]ops.Value, error) {
	if slices.ContainsFunc(m.inRecords, func(rk *recordKeys) bool { return rk != nil }) {
		return m.runRecords(ctx, feeds, want)
	}
	in := make([]ops.Value, len(feeds))
	for i, t := range feeds {
		in[i] = t
	}
	vals, err := m.g.run(ctx, in)
	if err != nil {
		return nil, err
	}
	out := make([]ops.Value, len(want))
	for i, o := range want {
		out[i] = vals[o]
	}
	return out, nil
}

func (m *Model) inputNames() []string {
	names := make([]string, len(m.sig.Inputs))
	for i, in := range m.sig.Inputs {
		names[i] = in.Name
	}
	return names
}

// checkInput converts t to the spec's dtype and checks its shape.
func checkInput(spec model.TensorSpec, t *tensor.Tensor) (*tensor.Tensor, error) {
	if spec.DType == tensor.Invalid {
		return nil, model.BadInput("input %q is neither a tensor nor a map read by a DictVectorizer or sparse CastMap; Slipway cannot feed it yet", spec.Name)
	}
	if t == nil {
		return nil, model.BadInput("missing input %q", spec.Name)
	}
	t, err := t.Convert(spec.DType)
	if err != nil {
		return nil, model.BadInput("input %q: want %v: %v", spec.Name, spec.DType, err)
	}
	if spec.Shape == nil {
		return t, nil
	}
	got := t.Shape()
	ok := len(got) == len(spec.Shape)
	for i := 0; ok && i < len(got); i++ {
		ok = spec.Shape[i] < 0 || spec.Shape[i] == got[i]
	}
	if !ok {
		return nil, model.BadInput("input %q has shape %v, want %v (-1 is any size)", spec.Name, got, spec.Shape)
	}
	return t, nil
}
