package ops

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/slipwayml/slipway/tensor"
)

// lookup maps keys to values with a default, the common core of
// LabelEncoder and CategoryMapper. values holds the values followed by the
// default.
type lookup struct {
	index  map[string]int
	values *tensor.Tensor
}

// keyText spells element values as lookup keys: floats by their shortest
// float64 form, so FP32 keys and FP32 inputs meet.
func keyText(t *tensor.Tensor) ([]string, error) {
	if s, ok := tensor.Values[string](t); ok {
		return s, nil
	}
	v, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(v))
	for i, x := range v {
		switch {
		case math.IsNaN(x):
			out[i] = "NaN"
		case t.DType().IsInt():
			out[i] = strconv.FormatInt(int64(x), 10)
		default:
			out[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
	}
	return out, nil
}

func newLookup(keys, values, def *tensor.Tensor) (*lookup, error) {
	if keys.Len() != values.Len() {
		return nil, fmt.Errorf("%d keys for %d values", keys.Len(), values.Len())
	}
	if def.DType() != values.DType() || def.Len() != 1 {
		return nil, fmt.Errorf("default is %v %v, want one %v", def.DType(), def.Shape(), values.DType())
	}
	text, err := keyText(keys)
	if err != nil {
		return nil, err
	}
	l := &lookup{index: make(map[string]int, len(text))}
	for i, k := range text {
		if _, dup := l.index[k]; !dup {
			l.index[k] = i
		}
	}
	l.values, err = Concat(values, def)
	return l, err
}

func (l *lookup) apply(t *tensor.Tensor) (*tensor.Tensor, error) {
	text, err := keyText(t)
	if err != nil {
		return nil, err
	}
	idx := make([]int, len(text))
	def := l.values.Len() - 1
	for i, k := range text {
		j, ok := l.index[k]
		if !ok {
			j = def
		}
		idx[i] = j
	}
	return Take(l.values, t.Shape(), idx)
}

// vector returns a 1-D tensor of v.
func vector[T tensor.Elem](v []T) *tensor.Tensor {
	t, _ := tensor.New([]int{len(v)}, v)
	return t
}

// scalar returns a one-element 1-D tensor of v.
func scalar[T tensor.Elem](v T) *tensor.Tensor { return vector([]T{v}) }

// stringIntLookups builds the pair of tables of the opset-1 encoders: from
// strs[i] to ints[i] and back.
func stringIntLookups(strs []string, ints []int64, defInt int64, defStr string) (toInt, toStr *lookup, err error) {
	if toInt, err = newLookup(vector(strs), vector(ints), scalar(defInt)); err != nil {
		return nil, nil, err
	}
	toStr, err = newLookup(vector(ints), vector(strs), scalar(defStr))
	return toInt, toStr, err
}

func stringIntKernel(toInt, toStr *lookup) Kernel {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		if t.DType() == tensor.String {
			return result(toInt.apply(t))
		}
		return result(toStr.apply(t))
	})
}

// buildCategoryMapper maps strings to integers and back by the parallel
// lists cats_strings and cats_int64s.
func buildCategoryMapper(n *Node) (Kernel, error) {
	toInt, toStr, err := stringIntLookups(n.Strings("cats_strings"), n.Ints("cats_int64s"), n.Int("default_int64", -1), n.String("default_string", "_Unused"))
	if err != nil {
		return nil, err
	}
	return stringIntKernel(toInt, toStr), nil
}

// buildLabelEncoder maps keys to values. Opset 1 encodes strings as their
// index in classes_strings and back; opset 2 takes keys_* and values_*
// lists; opset 4 also tensors.
func buildLabelEncoder(n *Node) (Kernel, error) {
	if n.Opset < 2 {
		classes := n.Strings("classes_strings")
		idx := make([]int64, len(classes))
		for i := range idx {
			idx[i] = int64(i)
		}
		toInt, toStr, err := stringIntLookups(classes, idx, n.Int("default_int64", -1), n.String("default_string", "_Unused"))
		if err != nil {
			return nil, err
		}
		return stringIntKernel(toInt, toStr), nil
	}
	keys, values := n.Tensor("keys_tensor"), n.Tensor("values_tensor")
	switch {
	case n.Has("keys_strings"):
		keys = vector(n.Strings("keys_strings"))
	case n.Has("keys_int64s"):
		keys = vector(n.Ints("keys_int64s"))
	case n.Has("keys_floats"):
		keys = vector(n.Floats("keys_floats"))
	}
	def := n.Tensor("default_tensor")
	switch {
	case n.Has("values_strings"):
		values, def = vector(n.Strings("values_strings")), scalar(n.String("default_string", "_Unused"))
	case n.Has("values_int64s"):
		values, def = vector(n.Ints("values_int64s")), scalar(n.Int("default_int64", -1))
	case n.Has("values_floats"):
		values, def = vector(n.Floats("values_floats")), scalar(n.Float("default_float", float32(math.Copysign(0, -1))))
	}
	if keys == nil || values == nil {
		return nil, fmt.Errorf("no keys or values")
	}
	if def == nil {
		var err error
		if def, err = defaultLike(values.DType()); err != nil {
			return nil, err
		}
	}
	def, err := def.Reshape([]int{1})
	if err != nil {
		return nil, err
	}
	l, err := newLookup(keys, values, def)
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		return result(l.apply(t))
	}), nil
}

// defaultLike returns the LabelEncoder default for values of dt.
func defaultLike(dt tensor.DType) (*tensor.Tensor, error) {
	switch dt {
	case tensor.String:
		return scalar("_Unused"), nil
	case tensor.Int64:
		return scalar(int64(-1)), nil
	}
	return Cast(scalar(-0.0), dt)
}
