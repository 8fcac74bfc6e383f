package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/runtime"
)

// tfTarget is what a TF Serving request runs. For a model with named
// signatures (model.MultiSignature) "signature_name" picks one; a model
// with one signature runs it, and the name of one of its outputs
// ("predict_proba") selects that output.
type tfTarget struct {
	name    string // the signature of a model.MultiSignature, else ""
	sig     model.Signature
	outputs []string // the outputs selected, nil for the default ones
}

// tfSignature resolves the request's "signature_name" on m.
func tfSignature(m model.Model, obj *jsonvalue.Object) (tfTarget, error) {
	name, err := signatureName(obj)
	if err != nil {
		return tfTarget{}, err
	}
	if ms, ok := m.(model.MultiSignature); ok {
		name = cmp.Or(name, model.DefaultSignature)
		sig, ok := ms.Signatures()[name]
		if !ok {
			return tfTarget{}, badRequest(fmt.Errorf("Serving signature name: %q not found in signature def", name))
		}
		return tfTarget{name: name, sig: unshaped(sig)}, nil
	}
	sig := m.Signature()
	if name == "" || name == model.DefaultSignature {
		return tfTarget{sig: sig}, nil
	}
	if _, ok := sig.Output(name); !ok {
		return tfTarget{}, badRequest(fmt.Errorf("unknown signature_name %q (want %s or an output: %s)", name, model.DefaultSignature, specNames(sig.Outputs)))
	}
	return tfTarget{sig: sig, outputs: []string{name}}, nil
}

// signatureName reads the optional "signature_name".
func signatureName(obj *jsonvalue.Object) (string, error) {
	v, ok := obj.Get("signature_name")
	if !ok {
		return "", nil
	}
	name, ok := v.(string)
	if !ok {
		return "", badRequest(errors.New("'signature_name' key must be a string value."))
	}
	return name, nil
}

func (t tfTarget) predict(ctx context.Context, v *runtime.Version, in model.Tensors) (model.Tensors, error) {
	if t.name != "" {
		return v.PredictSignature(ctx, t.name, in, t.outputs)
	}
	return v.Predict(ctx, in, t.outputs)
}

// unshaped drops sig's input shapes: TF Serving feeds a request's tensors
// in the shape they were sent ([3] to half_plus_two's [-1, 1] input) and
// leaves the checks to the graph, so the decoders must not reshape them.
func unshaped(sig model.Signature) model.Signature {
	inputs := make([]model.TensorSpec, len(sig.Inputs))
	for i, in := range sig.Inputs {
		inputs[i] = model.TensorSpec{Name: in.Name, DType: in.DType}
	}
	sig.Inputs = inputs
	return sig
}
