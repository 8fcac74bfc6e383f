package savedmodel

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
)

// DefaultSignature is the signature TensorFlow Serving uses when a request
// names none.
const DefaultSignature = model.DefaultSignature

// initSignature is the TF2 signature whose output runs the model's
// initializers; it is not served.
const initSignature = "__saved_model_init_op"

// signature is one SignatureDef linked to the main graph.
type signature struct {
	spec    model.Signature
	inputs  map[string]endpoint
	outputs map[string]endpoint
	// err says why the signature cannot run (an unsupported op, say); the
	// model still serves its other signatures.
	err error
}

// newSignature links def and checks its ops; assets are fed to every run.
func (s *session) newSignature(g *graph, def *tfpb.SignatureDef, assets map[endpoint]value) *signature {
	sig := &signature{inputs: map[string]endpoint{}, outputs: map[string]endpoint{}}
	sig.spec.Inputs, sig.err = tensorSpecs(g, def.GetInputs(), sig.inputs)
	if sig.err != nil {
		return sig
	}
	sig.spec.Outputs, sig.err = tensorSpecs(g, def.GetOutputs(), sig.outputs)
	if sig.err != nil {
		return sig
	}
	feeds := maps.Clone(assets)
	for _, e := range sig.inputs {
		feeds[e] = value{}
	}
	var fetches []endpoint
	for _, o := range sig.spec.Outputs {
		sig.spec.Default = append(sig.spec.Default, o.Name)
		fetches = append(fetches, sig.outputs[o.Name])
	}
	sig.err = s.check(g, feeds, fetches, nil, map[*graph]bool{})
	return sig
}

// tensorSpecs resolves a SignatureDef's inputs or outputs, sorted by key.
func tensorSpecs(g *graph, infos map[string]*tfpb.TensorInfo, eps map[string]endpoint) ([]model.TensorSpec, error) {
	var specs []model.TensorSpec
	for key, info := range infos {
		if info.GetName() == "" {
			return nil, fmt.Errorf("%q is a sparse or composite tensor: %w", key, ErrUnsupported)
		}
		dt, err := fromDataType(info.GetDtype())
		if err != nil {
			return nil, fmt.Errorf("%q: %w", key, err)
		}
		e, err := g.tensorRef(info.GetName())
		if err != nil {
			return nil, fmt.Errorf("%q: %w", key, err)
		}
		eps[key] = e
		// What runs is the graph: a signature may declare another dtype
		// than the placeholder it names (half_plus_three's regress
		// signature says DT_FLOAT for a DT_STRING tf.Example input).
		if e.node != nil && (e.node.op() == "Placeholder" || e.node.op() == "PlaceholderWithDefault") {
			if pdt, err := fromDataType(e.node.def.GetAttr()["dtype"].GetType()); err == nil {
				dt = pdt
			}
		}
		specs = append(specs, model.TensorSpec{Name: key, DType: dt, Shape: specShape(info.GetTensorShape())})
	}
	slices.SortFunc(specs, func(a, b model.TensorSpec) int { return cmp.Compare(a.Name, b.Name) })
	return specs, nil
}
