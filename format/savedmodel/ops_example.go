package savedmodel

import (
	"fmt"
	"slices"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// parseExampleOp is ParseExample (v2 when set) for dense features only:
// the classify and regress signatures TensorFlow Serving exports parse
// their tf.Example input this way. Sparse and ragged features are refused
// at load, so a reference to output "dense_values:i" is flat output i.
func parseExampleOp(v2 bool) *kernel {
	return &kernel{
		arity: -1,
		prepare: func(_ *session, n *node) error {
			attr := n.def.GetAttr()
			sparse := attr["Nsparse"].GetI() + attr["num_sparse"].GetI() + int64(len(attr["ragged_value_types"].GetList().GetType()))
			if sparse != 0 {
				return &NodeError{n.name(), n.op(), fmt.Errorf("sparse or ragged features: %w", ErrUnsupported)}
			}
			return nil
		},
		run: func(c *call, in []value) ([]value, error) {
			ts, err := tensors(in)
			if err != nil {
				return nil, err
			}
			tdense := c.n.def.GetAttr()["Tdense"].GetList().GetType()
			shapes := c.n.def.GetAttr()["dense_shapes"].GetList().GetShape()
			nd := len(tdense)
			var keys []string
			var defaults []*tensor.Tensor
			switch {
			case v2 && len(ts) == 5+nd: // serialized, names, sparse, dense and ragged keys, defaults
				keys, _ = tensor.Values[string](ts[3])
				defaults = ts[5:]
			case !v2 && len(ts) == 2+2*nd: // serialized, names, dense keys, defaults
				for _, k := range ts[2 : 2+nd] {
					s, _ := tensor.Values[string](k)
					keys = append(keys, s...)
				}
				defaults = ts[2+nd:]
			default:
				return nil, fmt.Errorf("%d inputs for %d dense features", len(ts), nd)
			}
			if len(keys) != nd || len(shapes) != nd {
				return nil, fmt.Errorf("%d dense keys and %d shapes for %d dense features", len(keys), len(shapes), nd)
			}
			serialized, ok := tensor.Values[string](ts[0])
			if !ok || len(ts[0].Shape()) > 1 {
				return nil, fmt.Errorf("serialized examples must be a string scalar or vector")
			}
			examples := make([]*tfpb.Example, len(serialized))
			for i, s := range serialized {
				examples[i] = &tfpb.Example{}
				if err := proto.Unmarshal([]byte(s), examples[i]); err != nil {
					return nil, fmt.Errorf("example %d: %w", i, err)
				}
			}
			out := make([]value, nd)
			for f := range nd {
				dt, err := fromDataType(tdense[f])
				if err != nil {
					return nil, err
				}
				shape, err := fromShape(shapes[f])
				if err != nil {
					return nil, fmt.Errorf("feature %q: %w", keys[f], err)
				}
				t, err := denseFeature(examples, keys[f], dt, shape, defaults[f])
				if err != nil {
					return nil, err
				}
				if len(ts[0].Shape()) == 0 {
					t, err = t.Reshape(shape)
				}
				if err != nil {
					return nil, err
				}
				out[f] = tensorValue(t)
			}
			return out, nil
		},
	}
}

// denseFeature gathers one fixed-shape feature from every example into a
// [len(examples)] + shape tensor; a missing feature takes def, and is an
// error when def is empty.
func denseFeature(examples []*tfpb.Example, key string, dt tensor.DType, shape []int, def *tensor.Tensor) (*tensor.Tensor, error) {
	per, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	outShape := append([]int{len(examples)}, shape...)
	if _, err := checkSize(outShape); err != nil {
		return nil, err
	}
	var parts []*tensor.Tensor
	for i, ex := range examples {
		f, ok := ex.GetFeatures().GetFeature()[key]
		var t *tensor.Tensor
		switch {
		case !ok && def.Len() == 0:
			return nil, fmt.Errorf("example %d: feature %q (%v) is required but missing", i, key, dt)
		case !ok:
			t = def
		default:
			if t, err = featureValues(f, dt); err != nil {
				return nil, fmt.Errorf("example %d: feature %q: %w", i, key, err)
			}
		}
		if t.Len() != per || t.DType() != dt {
			return nil, fmt.Errorf("example %d: feature %q has %d %v values, want %d %v", i, key, t.Len(), t.DType(), per, dt)
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return tensor.Zeros(dt, outShape)
	}
	flat, err := concatFlat(parts)
	if err != nil {
		return nil, err
	}
	return flat.Reshape(outShape)
}

// featureValues reads a Feature's list as a 1-D tensor of dt.
func featureValues(f *tfpb.Feature, dt tensor.DType) (*tensor.Tensor, error) {
	switch k := f.GetKind().(type) {
	case *tfpb.Feature_FloatList:
		if dt == tensor.Float32 {
			v := k.FloatList.GetValue()
			return tensor.New([]int{len(v)}, slices.Clone(v))
		}
	case *tfpb.Feature_Int64List:
		if dt == tensor.Int64 {
			v := k.Int64List.GetValue()
			return tensor.New([]int{len(v)}, slices.Clone(v))
		}
	case *tfpb.Feature_BytesList:
		if dt == tensor.String {
			v := convert(k.BytesList.GetValue(), func(b []byte) string { return string(b) })
			return tensor.New([]int{len(v)}, v)
		}
	case nil:
		return tensor.Zeros(dt, []int{0})
	}
	return nil, fmt.Errorf("holds %T, want %v values", f.GetKind(), dt)
}
