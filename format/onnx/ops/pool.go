package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// poolKind selects the reduction of a pooling window.
type poolKind uint8

const (
	poolMax poolKind = iota
	poolAverage
	poolLp
)

// buildPool builds MaxPool, AveragePool and LpPool over [N, C, D…] input.
// MaxPool's optional second output holds the flat input index of each
// maximum (row-major, or column-major with storage_order 1).
func buildPool(kind poolKind) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		ceil := n.Int("ceil_mode", 0) != 0
		includePad := n.Int("count_include_pad", 0) != 0
		p := float64(n.Int("p", 2))
		colMajor := n.Int("storage_order", 0) != 0
		return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
			xs := x.Shape()
			if len(xs) < 3 {
				return nil, fmt.Errorf("%w: pooling wants [N, C, D…], got %v", tensor.ErrShape, xs)
			}
			win, err := newWindow(n, xs[2:], nil, ceil)
			if err != nil {
				return nil, err
			}
			xv, err := x.Float64s()
			if err != nil {
				return nil, err
			}
			shape := append([]int{xs[0], xs[1]}, win.out...)
			size, err := numElements(shape)
			if err != nil {
				return nil, err
			}
			taps := win.taps()
			nk, no, ni := product(win.kernel), product(win.out), product(win.in)
			out := make([]float64, size)
			var argIdx []int64
			if kind == poolMax && n.NumOutputs > 1 {
				argIdx = make([]int64, size)
			}
			for plane := range xs[0] * xs[1] {
				src := xv[plane*ni : (plane+1)*ni]
				for o := range no {
					acc, best, count := 0.0, -1, 0
					if kind == poolMax {
						acc = math.Inf(-1)
					}
					for _, t := range taps[o*nk : (o+1)*nk] {
						if t < 0 {
							continue
						}
						v := src[t]
						count++
						switch kind {
						case poolMax:
							if v > acc || best < 0 {
								acc, best = v, t
							}
						case poolAverage:
							acc += v
						case poolLp:
							acc += math.Pow(math.Abs(v), p)
						}
					}
					switch kind {
					case poolAverage:
						if includePad {
							count = win.paddedCount(o)
						}
						acc /= float64(count)
					case poolLp:
						acc = math.Pow(acc, 1/p)
					}
					out[plane*no+o] = acc
					if argIdx != nil {
						argIdx[plane*no+o] = int64(plane*ni + win.storageIndex(best, colMajor))
					}
				}
			}
			f, err := tensor.New(shape, out)
			if err != nil {
				return nil, err
			}
			y, err := Cast(f, x.DType())
			if err != nil || argIdx == nil {
				return result(y, err)
			}
			idx, err := tensor.New(shape, argIdx)
			return []Value{y, idx}, err
		}), nil
	}
}

// paddedCount counts the taps of output o inside the explicitly padded
// input, which AveragePool divides by when count_include_pad is set.
func (w window) paddedCount(o int) int {
	count := 1
	for d := len(w.out) - 1; d >= 0; d-- {
		od := o % w.out[d]
		o /= w.out[d]
		c := 0
		for k := range w.kernel[d] {
			p := od*w.strides[d] - w.padBegin[d] + k*w.dilations[d]
			if p >= -w.padBegin[d] && p < w.in[d]+w.padEnd[d] {
				c++
			}
		}
		count *= c
	}
	return count
}

// storageIndex converts a row-major spatial index to column-major when
// asked.
func (w window) storageIndex(i int, colMajor bool) int {
	if !colMajor {
		return i
	}
	pos := make([]int, len(w.in))
	for d := len(w.in) - 1; d >= 0; d-- {
		pos[d] = i % w.in[d]
		i /= w.in[d]
	}
	idx, st := 0, 1
	for d := range w.in {
		idx += pos[d] * st
		st *= w.in[d]
	}
	return idx
}

var (
	buildMaxPool     = buildPool(poolMax)
	buildAveragePool = buildPool(poolAverage)
	buildLpPool      = buildPool(poolLp)
)

// buildGlobalPool reduces every spatial dimension of [N, C, D…] to 1.
// They are the trailing ones, so each channel's values are contiguous
// and f folds them in place.
func buildGlobalPool(f reducer) func(*Node) (Kernel, error) {
	return func(*Node) (Kernel, error) {
		return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
			xs := x.Shape()
			if len(xs) < 3 {
				return nil, fmt.Errorf("%w: global pooling wants [N, C, D…], got %v", tensor.ErrShape, xs)
			}
			v, err := x.Float64s()
			if err != nil {
				return nil, err
			}
			group := product(xs[2:])
			out := make([]float64, xs[0]*xs[1])
			for i := range out {
				out[i] = f(v[i*group : (i+1)*group])
			}
			shape := make([]int, len(xs))
			for i := range shape {
				shape[i] = 1
			}
			shape[0], shape[1] = xs[0], xs[1]
			t, err := tensor.New(shape, out)
			if err != nil {
				return nil, err
			}
			return result(Cast(t, x.DType()))
		}), nil
	}
}

var (
	buildGlobalAveragePool = buildGlobalPool(reducers["ReduceMean"])
	buildGlobalMaxPool     = buildGlobalPool(reducers["ReduceMax"])
)
