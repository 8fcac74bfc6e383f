package savedmodel

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
)

// Model is a loaded SavedModel. It is safe for concurrent use.
type Model struct {
	s         *session
	g         *graph
	dir       string
	assets    map[endpoint]value // fed to every run
	tags      []string
	tfVersion string
	sigs      map[string]*signature
	runnable  map[string]model.Signature    // the sigs that can run, for Signatures
	defs      map[string]*tfpb.SignatureDef // as stored, for metadata
	def       string                        // the signature Predict uses
}

var (
	_ model.MultiSignature     = (*Model)(nil)
	_ model.SignatureDefLister = (*Model)(nil)
	_ model.Describer          = (*Model)(nil)
)

// Signature returns the default signature: "serving_default", or the only
// signature of a model with one. A model without it has an empty
// signature.
func (m *Model) Signature() model.Signature {
	if sig, ok := m.sigs[m.def]; ok {
		return sig.spec
	}
	return model.Signature{}
}

// Dir returns the folder the model was loaded from: for a folder of
// versions, the chosen version's.
func (m *Model) Dir() string { return m.dir }

// Signatures returns every signature that can run, by SignatureDef key.
// The map is built at load; the caller must not modify it.
func (m *Model) Signatures() map[string]model.Signature { return m.runnable }

// Predict runs the default signature.
func (m *Model) Predict(ctx context.Context, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	return m.PredictSignature(ctx, m.def, inputs, outputs)
}

// PredictSignature runs the named signature: every input must be given,
// and outputs (all when empty) are computed from only the nodes they need.
func (m *Model) PredictSignature(ctx context.Context, name string, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	sig, ok := m.sigs[name]
	if !ok {
		return nil, model.BadInput("no signature %q (have %v)", name, m.signatureNames())
	}
	if sig.err != nil {
		return nil, fmt.Errorf("signature %s cannot run: %w", name, sig.err)
	}
	feeds, err := sig.feeds(inputs)
	if err != nil {
		return nil, err
	}
	maps.Copy(feeds, m.assets)
	if len(outputs) == 0 {
		outputs = sig.spec.Default
	}
	fetches := make([]endpoint, len(outputs))
	for i, o := range outputs {
		e, ok := sig.outputs[o]
		if !ok {
			return nil, model.BadInput("signature %s has no output %q", name, o)
		}
		fetches[i] = e
	}
	vals, err := m.s.run(ctx, m.g, feeds, fetches, nil, 0)
	if err != nil {
		return nil, classify(err)
	}
	out := make(model.Tensors, len(outputs))
	for i, o := range outputs {
		if out[o], err = vals[i].tensor(); err != nil {
			return nil, fmt.Errorf("output %s: %w", o, err)
		}
	}
	return out, nil
}

// feeds checks inputs against the signature and converts them to its
// element types.
func (sig *signature) feeds(inputs model.Tensors) (map[endpoint]value, error) {
	for name := range inputs {
		if _, ok := sig.inputs[name]; !ok {
			return nil, model.BadInput("unknown input %q", name)
		}
	}
	feeds := make(map[endpoint]value, len(inputs))
	for _, spec := range sig.spec.Inputs {
		t, ok := inputs[spec.Name]
		if !ok || t == nil {
			return nil, model.BadInput("missing input %q", spec.Name)
		}
		t, err := t.Convert(spec.DType)
		if err != nil {
			return nil, model.BadInput("input %q: %v", spec.Name, err)
		}
		// Shapes are not checked against the signature: TensorFlow Serving
		// does not either, and its README feeds [3] to half_plus_two's
		// [-1, 1] input. Kernels check what they need.
		feeds[sig.inputs[spec.Name]] = tensorValue(t)
	}
	return feeds, nil
}

func (m *Model) signatureNames() []string {
	names := make([]string, 0, len(m.sigs))
	for n := range m.sigs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Describe reports the TensorFlow version, tags and signatures, and why
// any signature cannot run.
func (m *Model) Describe() model.Description {
	methods, unavailable := map[string]string{}, map[string]string{}
	for name, sig := range m.sigs {
		methods[name] = m.defs[name].GetMethodName()
		if sig.err != nil {
			unavailable[name] = sig.err.Error()
		}
	}
	details := map[string]any{"tags": m.tags, "signatures": methods, "default_signature": m.def}
	if len(unavailable) > 0 {
		details["unavailable_signatures"] = unavailable
	}
	return model.Description{Format: "savedmodel", Framework: "tensorflow", FrameworkVersion: m.tfVersion, Details: details}
}

// classify marks a kernel's refusal of the request's values (shapes that
// do not fit, say) as the client's fault, as TensorFlow Serving answers
// INVALID_ARGUMENT; a kernel panic or a cancelled context stays as is.
func classify(err error) error {
	var ne *NodeError
	if errors.As(err, &ne) && !errors.Is(err, ErrKernelPanic) && !errors.Is(err, ErrUnsupported) {
		return &model.InputError{Err: err}
	}
	return err
}
