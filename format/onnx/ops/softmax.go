package ops

import (
	"context"
	"math"

	"github.com/slipwayml/slipway/internal/vmath"
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
		return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
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
			switch d := t.Data().(type) {
			case []float32:
				if inner == 1 && kind == kindSoftmax {
					return result(tensor.New(t.Shape(), softmaxRows32(d, dim)))
				}
				return result(tensor.New(t.Shape(), softmaxAll(d, outer, dim, inner, kind)))
			case []float64:
				return result(tensor.New(t.Shape(), softmaxAll(d, outer, dim, inner, kind)))
			}
			x, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			f, err := tensor.New(t.Shape(), softmaxAll(x, outer, dim, inner, kind))
			if err != nil {
				return nil, err
			}
			return result(Cast(f, t.DType()))
		}), nil
	}
}

// softmaxAll normalises each of the outer×inner lines of dim elements of
// x, computing in float64 one line at a time.
func softmaxAll[T float32 | float64](x []T, outer, dim, inner int, kind softmaxKind) []T {
	y := make([]T, len(x))
	line := make([]float64, dim)
	for o := range outer {
		for i := range inner {
			base := o*dim*inner + i
			for k := range line {
				line[k] = float64(x[base+k*inner])
			}
			softmaxLine(line, dim, 1, kind)
			for k, v := range line {
				y[base+k*inner] = T(v)
			}
		}
	}
	return y
}

// softmaxRows32 is Softmax over contiguous rows of dim float32 values,
// the layout of attention scores: the exponentials of the values less
// their row's maximum are vectorised in float32, to a few ULPs, and
// summed in float64.
func softmaxRows32(x []float32, dim int) []float32 {
	y := make([]float32, len(x))
	for start := 0; dim > 0 && start < len(x); start += dim {
		in, out := x[start:start+dim], y[start:start+dim]
		m := float32(math.Inf(-1))
		for _, v := range in {
			if v > m { // not max, whose NaN care costs more than the rest
				m = v
			}
		}
		for k, v := range in {
			out[k] = v - m
		}
		vmath.Exp(out)
		var sum float64
		for _, e := range out {
			sum += float64(e)
		}
		inv := float32(1 / sum)
		for k := range out {
			out[k] *= inv
		}
	}
	return y
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
	if kind == kindLogSoftmax {
		for i := range n {
			sum += math.Exp(v[i*stride] - m)
		}
		ls := math.Log(sum)
		for i := range n {
			v[i*stride] = v[i*stride] - m - ls
		}
		return
	}
	for i := range n {
		e := math.Exp(v[i*stride] - m)
		v[i*stride] = e
		sum += e
	}
	for i := range n {
		v[i*stride] /= sum
	}
}

var (
	buildSoftmax    = buildSoftmaxFamily(kindSoftmax)
	buildLogSoftmax = buildSoftmaxFamily(kindLogSoftmax)
	buildHardmax    = buildSoftmaxFamily(kindHardmax)
)
