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
	mean, inv = moments(v, eps, rms)
	for i, x := range v {
		v[i] = (x - mean) * inv
	}
	return mean, inv
}

// moments returns the mean of v (0 with rms) and 1/sqrt(var + eps) from
// one pass. The sums are of v less v[0], a value of the same spread, so
// that a large mean does not cancel the variance away.
func moments[T float32 | float64](v []T, eps float64, rms bool) (mean, inv float64) {
	n := float64(len(v))
	var shift float64
	if !rms && len(v) > 0 {
		shift = float64(v[0])
	}
	// Two sums of each kind, over the even and the odd values, halve the
	// chains of dependent additions.
	var s0, s1, ss0, ss1 float64
	for ; len(v) >= 2; v = v[2:] {
		d0, d1 := float64(v[0])-shift, float64(v[1])-shift
		s0, ss0 = s0+d0, ss0+d0*d0
		s1, ss1 = s1+d1, ss1+d1*d1
	}
	if len(v) == 1 {
		d := float64(v[0]) - shift
		s0, ss0 = s0+d, ss0+d*d
	}
	d := (s0 + s1) / n // the mean less the shift
	if rms {
		d = 0
	}
	return shift + d, 1 / math.Sqrt(max((ss0+ss1)/n-d*d, 0)+eps)
}

// layerNorm is a LayerNormalization of rows of inner values: its scale
// and bias, each inner long, and, if stats, the mean and inverse
// standard deviation of each row it has normalised, in moments.
type layerNorm struct {
	scale, bias []float64
	eps         float64
	rms, stats  bool
	inner       int
	moments     [2][]float64
}

// apply normalises x, float32 and float64 in place of the float64 copy
// other dtypes go through.
func (ln *layerNorm) apply(x *tensor.Tensor) (*tensor.Tensor, error) {
	switch d := x.Data().(type) {
	case []float32:
		return tensor.New(x.Shape(), layerNormRows(d, ln))
	case []float64:
		return tensor.New(x.Shape(), layerNormRows(d, ln))
	}
	v, err := x.Float64s()
	if err != nil {
		return nil, err
	}
	y, err := tensor.New(x.Shape(), layerNormRows(v, ln))
	if err != nil {
		return nil, err
	}
	return Cast(y, x.DType())
}

// layerNormRows normalises, scales and shifts x row by row into a new
// slice, reading each row once for its moments (summed in float64) and
// once more to write it in x's precision, as PyTorch does.
func layerNormRows[T float32 | float64](x []T, ln *layerNorm) []T {
	y := make([]T, len(x))
	scale, bias := widen[float64, T](ln.scale), widen[float64, T](ln.bias)
	for start := 0; ln.inner > 0 && start < len(x); start += ln.inner {
		row := x[start : start+ln.inner]
		m, inv := moments(row, ln.eps, ln.rms)
		if ln.stats {
			ln.moments[0], ln.moments[1] = append(ln.moments[0], m), append(ln.moments[1], inv)
		}
		out, scale, bias := y[start:start+ln.inner], scale[:len(row)], bias[:len(row)]
		mt, invt := T(m), T(inv)
		for i, v := range row {
			out[i] = (v-mt)*invt*scale[i] + bias[i]
		}
	}
	return y
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
			ln := layerNorm{scale: params[0], bias: params[1], eps: eps, rms: rms, inner: inner, stats: n.NumOutputs > 1}
			if ln.scale == nil {
				return nil, fmt.Errorf("scale is missing")
			}
			if ln.bias == nil {
				ln.bias = make([]float64, inner)
			}
			y, err := ln.apply(x)
			if err != nil || n.NumOutputs < 2 {
				return result(y, err)
			}
			shape := append([]int(nil), x.Shape()...)
			for i := ax; i < len(shape); i++ {
				shape[i] = 1
			}
			out := []Value{y}
			for _, s := range ln.moments[:min(n.NumOutputs-1, 2)] {
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
