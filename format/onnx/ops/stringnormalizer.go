package ops

import (
	"context"
	"fmt"
	"strings"

	"github.com/slipwayml/slipway/tensor"
)

// buildStringNormalizer removes stopwords (case-sensitively or not) from a
// [C] or [1, C] string tensor and changes case. A result with nothing left
// is [1] (or [1, 1]) holding "".
func buildStringNormalizer(n *Node) (Kernel, error) {
	action := n.String("case_change_action", "NONE")
	if action != "NONE" && action != "LOWER" && action != "UPPER" {
		return nil, fmt.Errorf("unknown case_change_action %q", action)
	}
	sensitive := n.Int("is_case_sensitive", 0) != 0
	stop := map[string]bool{}
	for _, w := range n.Strings("stopwords") {
		if !sensitive {
			w = strings.ToLower(w)
		}
		stop[w] = true
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		s, ok := tensor.Values[string](t)
		shape := t.Shape()
		if !ok || len(shape) > 2 || len(shape) == 2 && shape[0] != 1 {
			return nil, fmt.Errorf("want a [C] or [1, C] string tensor, got %v %v", t.DType(), shape)
		}
		var out []string
		for _, w := range s {
			key := w
			if !sensitive {
				key = strings.ToLower(w)
			}
			if stop[key] {
				continue
			}
			switch action {
			case "LOWER":
				w = strings.ToLower(w)
			case "UPPER":
				w = strings.ToUpper(w)
			}
			out = append(out, w)
		}
		if len(out) == 0 {
			out = []string{""}
		}
		if len(shape) == 2 {
			return result(tensor.New([]int{1, len(out)}, out))
		}
		return result(tensor.New([]int{len(out)}, out))
	}), nil
}
