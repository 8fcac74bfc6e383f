package ops

import (
	"context"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// softmaxKind selects Softmax, LogSoftmax or Hardmax.
type softmaxKind uint8

const (
	kindSoftmax softmaxKind = iota
	kindLogSoftmax
	kindHardmax
)

// buildSoftmaxFamily normalises along axis (default -1) from opset 13;
// before, the input is coerced to a matrix at axis (default 1) and each
// row is normalised.
func buildSoftmaxFamily(kind softmaxKind) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		legacy := n.Opset < 13
		def := int64(-1)
		if legacy {
			def = 1
		}
		a := n.Int("axis", def)
		return func(ctx context.Context, in []Value) ([]Value, error) {
			t, err := arg(in, 0)
			if err != nil {
				return nil, err
			}
			r := len(t.Shape())
			if r == 0 {
				return nil, tensor.ErrShape
			}
			ax, err := axis(a, r)
			if err != nil {
				return nil, err
			}
			outer, dim, inner := product(t.Shape()[:ax]), t.Shape()[ax], product(t.Shape()[ax+1:])
			if legacy {
				dim, inner = product(t.Shape()[ax:]), 1
			}
			x, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			y := make([]float64, len(x))
			copy(y, x)
			for o := range outer {
				for i := range inner {
					softmaxLine(y[o*dim*inner+i:], dim, inner, kind)
				}
			}
			f, err := tensor.New(t.Shape(), y)
			if err != nil {
				return nil, err
			}
			return result(Cast(f, t.DType()))
		}, nil
	}
}

// softmaxLine normalises v[0], v[stride], … v[(n-1)*stride] in place.
func softmaxLine(v []float64, n, stride int, kind softmaxKind) {
	m, arg := math.Inf(-1), 0
	for i := range n {
		if x := v[i*stride]; x > m {
			m, arg = x, i
		}
	}
	if kind == kindHardmax {
		for i := range n {
			v[i*stride] = 0
		}
		v[arg*stride] = 1
		return
	}
	var sum float64
	for i := range n {
		sum += math.Exp(v[i*stride] - m)
	}
	for i := range n {
		x := v[i*stride] - m
		if kind == kindLogSoftmax {
			v[i*stride] = x - math.Log(sum)
		} else {
			v[i*stride] = math.Exp(x) / sum
		}
	}
}

var (
	buildSoftmax    = buildSoftmaxFamily(kindSoftmax)
	buildLogSoftmax = buildSoftmaxFamily(kindLogSoftmax)
	buildHardmax    = buildSoftmaxFamily(kindHardmax)
)
