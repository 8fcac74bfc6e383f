package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// tap is one input position and weight contributing to an output position
// along an axis.
type tap struct {
	i int
	w float64
}

// resizer holds Resize's attributes.
type resizer struct {
	mode, transform, nearest, policy string
	cubicA, extrapolation            float64
	excludeOutside                   bool
	axes                             []int64
}

// buildResize resizes with nearest, (multi-)linear or cubic interpolation,
// separably per axis. Inputs: X, roi, scales, sizes (opset 11+); X, scales
// (opset 10); Upsample is the opset-7/9 form.
func buildResize(n *Node) (Kernel, error) {
	r := resizer{
		mode:           n.String("mode", "nearest"),
		transform:      n.String("coordinate_transformation_mode", "half_pixel"),
		nearest:        n.String("nearest_mode", "round_prefer_floor"),
		policy:         n.String("keep_aspect_ratio_policy", "stretch"),
		cubicA:         float64(n.Float("cubic_coeff_a", -0.75)),
		extrapolation:  float64(n.Float("extrapolation_value", 0)),
		excludeOutside: n.Int("exclude_outside", 0) != 0,
		axes:           n.Ints("axes"),
	}
	if n.Op == "Upsample" || n.Opset < 11 {
		r.transform, r.nearest = "asymmetric", "floor"
		if r.mode == "linear" && n.Op == "Upsample" {
			r.mode = "linear"
		}
	}
	if n.Int("antialias", 0) != 0 {
		return nil, fmt.Errorf("antialias: %w", ErrUnsupported)
	}
	switch r.mode {
	case "nearest", "linear", "cubic", "bilinear":
	default:
		return nil, fmt.Errorf("unknown mode %q", r.mode)
	}
	if r.mode == "bilinear" {
		r.mode = "linear"
	}
	scalesAt, sizesAt := 2, 3
	if n.Op == "Upsample" || n.Opset < 11 {
		scalesAt, sizesAt = 1, -1
	}
	attrScales := n.Floats("scales")
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		rank := len(x.Shape())
		axes := make([]int, 0, rank)
		for _, a := range r.axes {
			ax, err := axis(a, rank)
			if err != nil {
				return nil, err
			}
			axes = append(axes, ax)
		}
		if r.axes == nil {
			for i := range rank {
				axes = append(axes, i)
			}
		}
		scales := widen[float32, float64](attrScales)
		var sizes []int64
		if t, err := optArg(in, scalesAt); err != nil {
			return nil, err
		} else if t != nil && t.Len() > 0 {
			if scales, err = t.Float64s(); err != nil {
				return nil, err
			}
		}
		if sizesAt > 0 {
			if t, err := optArg(in, sizesAt); err != nil {
				return nil, err
			} else if t != nil && t.Len() > 0 {
				if sizes, err = int64s(t); err != nil {
					return nil, err
				}
			}
		}
		var roi []float64
		if t, err := optArg(in, 1); err != nil {
			return nil, err
		} else if t != nil && sizesAt > 0 && t.Len() > 0 {
			if roi, err = t.Float64s(); err != nil {
				return nil, err
			}
		}
		return result(r.resize(x, axes, scales, sizes, roi))
	}), nil
}

func (r resizer) resize(x *tensor.Tensor, axes []int, scales []float64, sizes []int64, roi []float64) (*tensor.Tensor, error) {
	in := x.Shape()
	out := append([]int(nil), in...)
	scale := make([]float64, len(in))
	for i := range scale {
		scale[i] = 1
	}
	switch {
	case sizes != nil:
		if len(sizes) != len(axes) {
			return nil, fmt.Errorf("%d sizes for %d axes", len(sizes), len(axes))
		}
		ratio := math.NaN()
		for j, ax := range axes {
			s := float64(sizes[j]) / float64(in[ax])
			switch {
			case r.policy == "not_larger" && !(s >= ratio):
				ratio = s
			case r.policy == "not_smaller" && !(s <= ratio):
				ratio = s
			}
		}
		for j, ax := range axes {
			if sizes[j] < 0 || sizes[j] > tensor.MaxElements {
				return nil, fmt.Errorf("size %d", sizes[j])
			}
			out[ax], scale[ax] = int(sizes[j]), float64(sizes[j])/float64(in[ax])
			if r.policy != "stretch" {
				scale[ax] = ratio
				out[ax] = int(math.Round(ratio * float64(in[ax])))
			}
		}
	case scales != nil:
		if len(scales) != len(axes) {
			return nil, fmt.Errorf("%d scales for %d axes", len(scales), len(axes))
		}
		for j, ax := range axes {
			if !(scales[j] > 0) || scales[j]*float64(in[ax]) > tensor.MaxElements {
				return nil, fmt.Errorf("scale %g", scales[j])
			}
			scale[ax] = scales[j]
			out[ax] = int(math.Floor(float64(in[ax]) * scales[j]))
		}
	default:
		return nil, fmt.Errorf("neither scales nor sizes are given")
	}
	if _, err := numElements(out); err != nil {
		return nil, err
	}
	v, err := x.Float64s()
	if err != nil {
		return nil, err
	}
	shape := append([]int(nil), in...)
	for ax := range in {
		if shape[ax] == out[ax] && scale[ax] == 1 {
			continue
		}
		var lo, hi float64 = 0, 1
		if roi != nil && len(roi) == 2*len(axes) {
			for j, a := range axes {
				if a == ax {
					lo, hi = roi[j], roi[len(axes)+j]
				}
			}
		}
		taps := r.taps(in[ax], out[ax], scale[ax], lo, hi)
		v = applyTaps(v, shape, ax, out[ax], taps, r.extrapolation)
		shape[ax] = out[ax]
	}
	f, err := tensor.New(out, v)
	if err != nil {
		return nil, err
	}
	if x.DType().IsInt() {
		for i := range v {
			v[i] = math.Round(v[i])
		}
	}
	return Cast(f, x.DType())
}

// applyTaps resamples axis ax of v (of shape) to length n; a nil tap list
// is an extrapolated position.
func applyTaps(v []float64, shape []int, ax, n int, taps [][]tap, extrapolation float64) []float64 {
	outer, dim, inner := product(shape[:ax]), shape[ax], product(shape[ax+1:])
	res := make([]float64, outer*n*inner)
	for o := range outer {
		for j := range n {
			for i := range inner {
				s := extrapolation
				if taps[j] != nil {
					s = 0
					for _, t := range taps[j] {
						s += t.w * v[(o*dim+t.i)*inner+i]
					}
				}
				res[(o*n+j)*inner+i] = s
			}
		}
	}
	return res
}

// source maps output coordinate x to the input coordinate it samples, or
// false when it falls outside a tf_crop_and_resize box.
func (r resizer) source(x float64, inLen, outLen int, scale, lo, hi float64) (float64, bool) {
	switch r.transform {
	case "asymmetric":
		return x / scale, true
	case "align_corners":
		// The resized length here is the unrounded scale·in.
		if outLen == 1 {
			return 0, true
		}
		return x * float64(inLen-1) / (scale*float64(inLen) - 1), true
	case "pytorch_half_pixel":
		if outLen == 1 {
			return 0, true
		}
		return (x+0.5)/scale - 0.5, true
	case "half_pixel_symmetric":
		adj := float64(outLen) / (scale * float64(inLen))
		center := float64(inLen) / 2
		return center*(1-adj) + (x+0.5)/scale - 0.5, true
	case "tf_crop_and_resize":
		var s float64
		if outLen > 1 {
			s = lo*float64(inLen-1) + x*(hi-lo)*float64(inLen-1)/float64(outLen-1)
		} else {
			s = 0.5 * (lo + hi) * float64(inLen-1)
		}
		return s, s >= 0 && s <= float64(inLen-1)
	}
	return (x+0.5)/scale - 0.5, true // half_pixel
}

// taps returns, per output position, its input taps.
func (r resizer) taps(inLen, outLen int, scale, lo, hi float64) [][]tap {
	res := make([][]tap, outLen)
	for j := range res {
		x, ok := r.source(float64(j), inLen, outLen, scale, lo, hi)
		if !ok {
			continue
		}
		switch r.mode {
		case "nearest":
			res[j] = []tap{{clampInt(r.round(x), inLen), 1}}
		case "linear":
			x = math.Min(math.Max(x, 0), float64(inLen-1))
			i0 := int(math.Floor(x))
			f := x - float64(i0)
			res[j] = []tap{{i0, 1 - f}, {clampInt(i0+1, inLen), f}}
		case "cubic":
			res[j] = r.cubic(x, inLen)
		}
	}
	return res
}

func (r resizer) round(x float64) int {
	switch r.nearest {
	case "floor":
		return int(math.Floor(x))
	case "ceil":
		return int(math.Ceil(x))
	case "round_prefer_ceil":
		return int(math.Floor(x + 0.5))
	}
	if x-math.Floor(x) == 0.5 {
		return int(math.Floor(x))
	}
	return int(math.Round(x))
}

func clampInt(i, n int) int { return min(max(i, 0), n-1) }

// cubic returns the four taps of Keys' cubic convolution with parameter A.
func (r resizer) cubic(x float64, inLen int) []tap {
	i0 := int(math.Floor(x))
	f := x - float64(i0)
	a := r.cubicA
	w := [4]float64{
		((a*(f+1)-5*a)*(f+1)+8*a)*(f+1) - 4*a,
		((a+2)*f-(a+3))*f*f + 1,
		((a+2)*(1-f)-(a+3))*(1-f)*(1-f) + 1,
		((a*(2-f)-5*a)*(2-f)+8*a)*(2-f) - 4*a,
	}
	taps := make([]tap, 0, 4)
	var sum float64
	for k := range 4 {
		i := i0 - 1 + k
		if i < 0 || i >= inLen {
			if r.excludeOutside {
				continue
			}
			i = clampInt(i, inLen)
		}
		taps = append(taps, tap{i, w[k]})
		sum += w[k]
	}
	if r.excludeOutside && sum != 0 {
		for k := range taps {
			taps[k].w /= sum
		}
	}
	return taps
}
