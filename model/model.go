package model

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// Tensors maps input or output names to tensors.
type Tensors map[string]*tensor.Tensor

// Model is a loaded model.
//
// Predict must be safe for concurrent use. It treats its inputs as untrusted:
// a wrong name, dtype, shape or feature count is reported as an *InputError,
// never a panic. outputs names the outputs wanted; empty means the
// signature's default outputs. Predict must not modify its inputs.
type Model interface {
	Signature() Signature
	Predict(ctx context.Context, inputs Tensors, outputs []string) (Tensors, error)
}

// Signature describes a model's inputs and outputs.
type Signature struct {
	Inputs  []TensorSpec `json:"inputs"`
	Outputs []TensorSpec `json:"outputs"`
	// Default lists the outputs computed when a request names none.
	Default []string `json:"default_outputs"`
}

// TensorSpec describes one named tensor. A dimension of -1 is dynamic
// (usually the batch).
type TensorSpec struct {
	Name  string       `json:"name"`
	DType tensor.DType `json:"-"`
	Shape []int        `json:"shape"`
	// Keys, when set, makes the tensor a list of records: it has shape
	// [N, len(Keys)] and row i is the record {Keys[j]: row[j]}. Protocols
	// that speak JSON rows write and read such a row as a JSON object (a key
	// a request leaves out reads as zero); typed-tensor protocols carry the
	// tensor itself. Formats use it for values such as ONNX maps whose keys
	// are known when the model loads.
	Keys []string `json:"keys,omitempty"`
}

// Output returns the spec of the named output.
func (s Signature) Output(name string) (TensorSpec, bool) {
	for _, o := range s.Outputs {
		if o.Name == name {
			return o, true
		}
	}
	return TensorSpec{}, false
}

// Input returns the spec of the named input.
func (s Signature) Input(name string) (TensorSpec, bool) {
	for _, in := range s.Inputs {
		if in.Name == name {
			return in, true
		}
	}
	return TensorSpec{}, false
}

// Describer is implemented by models that can report details for
// `slipway inspect`: the format, framework version, estimator chain, etc.
type Describer interface {
	Describe() Description
}

// Description is what `slipway inspect` prints beside the signature.
type Description struct {
	Format           string         `json:"format"`
	Framework        string         `json:"framework,omitempty"`
	FrameworkVersion string         `json:"framework_version,omitempty"`
	Details          map[string]any `json:"details,omitempty"`
}
