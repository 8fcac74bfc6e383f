package ops

import (
	"context"
	"fmt"
	"strconv"

	"github.com/slipwayml/slipway/tensor"
)

// buildOneHotEncoder appends an axis of one FP32 indicator per category;
// an unknown category gives all zeros, or an error when zeros is 0.
func buildOneHotEncoder(n *Node) (Kernel, error) {
	ints, strs := n.Ints("cats_int64s"), n.Strings("cats_strings")
	zeros := n.Int("zeros", 1) != 0
	cats := map[string]int{}
	for i, c := range ints {
		cats[strconv.FormatInt(c, 10)] = i
	}
	for i, c := range strs {
		cats[c] = i
	}
	k := max(len(ints), len(strs))
	if k == 0 {
		return nil, fmt.Errorf("no categories")
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		keys, err := categoryKeys(t, strs != nil)
		if err != nil {
			return nil, err
		}
		shape := append(append([]int(nil), t.Shape()...), k)
		if _, err := numElements(shape); err != nil {
			return nil, err
		}
		out := make([]float32, len(keys)*k)
		for i, key := range keys {
			c, ok := cats[key]
			if !ok {
				if !zeros {
					return nil, fmt.Errorf("unknown category %q", key)
				}
				continue
			}
			out[i*k+c] = 1
		}
		return result(tensor.New(shape, out))
	}), nil
}

// categoryKeys returns the elements as map keys: strings as they are,
// numbers as decimal integers (truncated, as onnxruntime casts them).
func categoryKeys(t *tensor.Tensor, wantStrings bool) ([]string, error) {
	if s, ok := tensor.Values[string](t); ok {
		if !wantStrings {
			return nil, fmt.Errorf("string input for integer categories")
		}
		return s, nil
	}
	if wantStrings {
		return nil, fmt.Errorf("%v input for string categories", t.DType())
	}
	v, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(v))
	for i, x := range v {
		keys[i] = strconv.FormatInt(int64(x), 10)
	}
	return keys, nil
}
