package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildTranspose permutes the axes by perm, reversing them by default.
func buildTranspose(n *Node) (Kernel, error) {
	perm := n.Ints("perm")
	return func(ctx context.Context, in []Value) ([]Value, error) {
		t, err := arg(in, 0)
		if err != nil {
			return nil, err
		}
		return result(transpose(t, perm))
	}, nil
}

func transpose(t *tensor.Tensor, perm []int64) (*tensor.Tensor, error) {
	r := len(t.Shape())
	if perm == nil {
		perm = make([]int64, r)
		for i := range perm {
			perm[i] = int64(r - 1 - i)
		}
	}
	if len(perm) != r {
		return nil, fmt.Errorf("perm %v does not match rank %d", perm, r)
	}
	own := strides(t.Shape())
	shape, st := make([]int, r), make([]int, r)
	seen := make([]bool, r)
	for i, p := range perm {
		if p < 0 || int(p) >= r || seen[p] {
			return nil, fmt.Errorf("perm %v is not a permutation of %d axes", perm, r)
		}
		seen[p] = true
		shape[i], st[i] = t.Shape()[p], own[p]
	}
	return TakeStrided(t, shape, st, 0)
}
