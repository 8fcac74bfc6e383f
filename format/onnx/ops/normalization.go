package ops

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// channelParams reads per-channel parameter inputs (scale, bias, mean,
// variance…) as float64, each of length c.
func channelParams(in []Value, c int, idx ...int) ([][]float64, error) {
	out := make([][]float64, len(idx))
	for i, j := range idx {
		t, err := arg(in, j)
		if err != nil {
			return nil, err
		}
		if out[i], err = t.Float64s(); err != nil {
			return nil, err
		}
		if len(out[i]) != c {
			return nil, fmt.Errorf("%w: input %d has %d values for %d channels", tensor.ErrShape, j, len(out[i]), c)
		}
	}
	return out, nil
}

// buildBatchNormalization normalises [N, C, …] input with the running mean
// and variance (inference mode).
func buildBatchNormalization(n *Node) (Kernel, error) {
	eps := float64(n.Float("epsilon", 1e-5))
	if n.Int("training_mode", 0) != 0 {
		return nil, fmt.Errorf("training_mode: %w", ErrUnsupported)
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		xs := x.Shape()
		if len(xs) < 2 {
			return nil, fmt.Errorf("%w: want [N, C, …], got %v", tensor.ErrShape, xs)
		}
		p, err := channelParams(in, xs[1], 1, 2, 3, 4)
		if err != nil {
			return nil, err
		}
		scale, bias, mean, variance := p[0], p[1], p[2], p[3]
		inner := product(xs[2:])
		return result(mapChannels(x, xs[1], inner, func(c int, v []float64) {
			k := scale[c] / math.Sqrt(variance[c]+eps)
			for i, x := range v {
				v[i] = (x-mean[c])*k + bias[c]
			}
		}))
	}), nil
}

// mapChannels lets f rewrite, as float64, each channel's block of inner
// values of a copy of x, and returns the copy in x's dtype. Float tensors
// go one block at a time, without a float64 copy of the whole tensor.
func mapChannels(x *tensor.Tensor, channels, inner int, f func(c int, v []float64)) (*tensor.Tensor, error) {
	switch d := x.Data().(type) {
	case []float32:
		return tensor.New(x.Shape(), mapBlocks(d, channels, inner, f))
	case []float64:
		return tensor.New(x.Shape(), mapBlocks(d, channels, inner, f))
	}
	v, err := x.Float64s()
	if err != nil {
		return nil, err
	}
	t, err := tensor.New(x.Shape(), mapBlocks(v, channels, inner, f))
	if err != nil {
		return nil, err
	}
	return Cast(t, x.DType())
}

func mapBlocks[T float32 | float64](x []T, channels, inner int, f func(c int, v []float64)) []T {
	y := make([]T, len(x))
	block := make([]float64, inner)
	for b := 0; b*inner < len(x) && inner > 0; b++ {
		for i, v := range x[b*inner : (b+1)*inner] {
			block[i] = float64(v)
		}
		f(b%channels, block)
		for i, v := range block {
			y[b*inner+i] = T(v)
		}
	}
	return y
}

// buildInstanceNormalization normalises each [N, C] plane by its own mean
// and variance, then scales and shifts per channel.
func buildInstanceNormalization(n *Node) (Kernel, error) {
	eps := float64(n.Float("epsilon", 1e-5))
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		xs := x.Shape()
		if len(xs) < 3 {
			return nil, fmt.Errorf("%w: want [N, C, D…], got %v", tensor.ErrShape, xs)
		}
		p, err := channelParams(in, xs[1], 1, 2)
		if err != nil {
			return nil, err
		}
		return result(mapChannels(x, xs[1], product(xs[2:]), func(c int, v []float64) {
			standardize(v, eps, false)
			for i := range v {
				v[i] = v[i]*p[0][c] + p[1][c]
			}
		}))
	}), nil
}

// standardize rewrites v as (v - mean) / sqrt(var + eps), returning the
// mean and 1/sqrt(var + eps); rms skips the mean, as RMSNormalization does.
func standardize(v []float64, eps float64, rms bool) (mean, inv float64) {
	if !rms {
		mean = sum(v) / float64(len(v))
	}
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	d := math.Sqrt(ss/float64(len(v)) + eps)
	for i, x := range v {
		v[i] = (x - mean) / d
	}
	return mean, 1 / d
}

// buildLayerNormalization (and RMSNormalization with rms) normalises over
// the axes from axis on, then applies scale and optional bias broadcast
// over those axes.
func buildLayerNormalization(rms bool) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		eps, a := float64(n.Float("epsilon", 1e-5)), n.Int("axis", -1)
		return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
			ax, err := axis(a, len(x.Shape()))
			if err != nil {
				return nil, err
			}
			inner := product(x.Shape()[ax:])
			params := make([][]float64, 2)
			for i := range params {
				t, err := optArg(in, i+1)
				if err != nil {
					return nil, err
				}
				if t == nil || rms && i == 1 {
					continue
				}
				if params[i], err = t.Float64s(); err != nil {
					return nil, err
				}
				if slices.Equal(t.Shape(), x.Shape()[ax:]) {
					continue // as is, the usual case
				}
				idx := broadcastIndex(t.Shape(), x.Shape()[ax:])
				if len(params[i]) == 0 || len(idx) != inner {
					return nil, fmt.Errorf("%w: input %d does not broadcast to %v", tensor.ErrShape, i+1, x.Shape()[ax:])
				}
				params[i] = gather(params[i], idx)
			}
			if params[0] == nil {
				return nil, fmt.Errorf("scale is missing")
			}
			var stats [2][]float64 // mean and inverse standard deviation per row
			y, err := mapChannels(x, 1, inner, func(_ int, v []float64) {
				m, inv := standardize(v, eps, rms)
				if n.NumOutputs > 1 {
					stats[0], stats[1] = append(stats[0], m), append(stats[1], inv)
				}
				for i := range v {
					v[i] *= params[0][i]
					if params[1] != nil {
						v[i] += params[1][i]
					}
				}
			})
			if err != nil || n.NumOutputs < 2 {
				return result(y, err)
			}
			shape := append([]int(nil), x.Shape()...)
			for i := ax; i < len(shape); i++ {
				shape[i] = 1
			}
			out := []Value{y}
			for _, s := range stats[:min(n.NumOutputs-1, 2)] {
				t, err := tensor.New(shape, widen[float64, float32](s))
				if err != nil {
					return nil, err
				}
				out = append(out, t)
			}
			return out, nil
		}), nil
	}
}

var (
	buildLayerNorm = buildLayerNormalization(false)
	buildRMSNorm   = buildLayerNormalization(true)
)

// buildGroupNormalization normalises each group of num_groups channels of
// [N, C, …] by its own statistics, then scales and shifts per channel.
func buildGroupNormalization(n *Node) (Kernel, error) {
	eps, groups := float64(n.Float("epsilon", 1e-5)), int(n.Int("num_groups", 0))
	if groups <= 0 {
		return nil, fmt.Errorf("num_groups is %d", groups)
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		xs := x.Shape()
		if len(xs) < 2 || xs[1]%groups != 0 {
			return nil, fmt.Errorf("%w: %v does not split into %d groups", tensor.ErrShape, xs, groups)
		}
		c := xs[1]
		p, err := channelParams(in, c, 1, 2)
		if err != nil {
			return nil, err
		}
		per := c / groups
		inner := product(xs[2:])
		y, err := mapChannels(x, groups, per*inner, func(_ int, v []float64) { standardize(v, eps, false) })
		if err != nil {
			return nil, err
		}
		return result(mapChannels(y, c, inner, func(ch int, v []float64) {
			for i := range v {
				v[i] = v[i]*p[0][ch] + p[1][ch]
			}
		}))
	}), nil
}
