package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// gridSampler holds GridSample's attributes.
type gridSampler struct {
	mode, padding string
	alignCorners  bool
}

// buildGridSample samples [N, C, D…] input at the normalised coordinates
// of grid [N, O…, k] (last spatial axis first) by nearest, (multi-)linear
// or cubic interpolation, with zeros, border or reflection padding.
func buildGridSample(n *Node) (Kernel, error) {
	g := gridSampler{mode: n.String("mode", "linear"), padding: n.String("padding_mode", "zeros"), alignCorners: n.Int("align_corners", 0) != 0}
	switch g.mode {
	case "bilinear":
		g.mode = "linear"
	case "bicubic":
		g.mode = "cubic"
	case "linear", "cubic", "nearest":
	default:
		return nil, fmt.Errorf("unknown mode %q", g.mode)
	}
	if g.padding != "zeros" && g.padding != "border" && g.padding != "reflection" {
		return nil, fmt.Errorf("unknown padding_mode %q", g.padding)
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		grid, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		return result(g.sample(x, grid))
	}), nil
}

func (g gridSampler) sample(x, grid *tensor.Tensor) (*tensor.Tensor, error) {
	xs, gs := x.Shape(), grid.Shape()
	k := len(xs) - 2
	if k < 1 || len(gs) != k+2 || gs[0] != xs[0] || gs[len(gs)-1] != k {
		return nil, fmt.Errorf("%w: GridSample of %v with grid %v", tensor.ErrShape, xs, gs)
	}
	dims := xs[2:]
	shape := append([]int{xs[0], xs[1]}, gs[1:len(gs)-1]...)
	size, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	xv, err := x.Float64s()
	if err != nil {
		return nil, err
	}
	gv, err := grid.Float64s()
	if err != nil {
		return nil, err
	}
	lo, hi := make([]float64, k), make([]float64, k)
	for i, d := range dims {
		lo[i], hi[i] = -0.5, float64(d)-0.5
		if g.alignCorners {
			lo[i], hi[i] = 0, float64(d-1)
		}
	}
	nOut, plane := product(gs[1:len(gs)-1]), product(dims)
	st := strides(dims)
	out := make([]float64, size)
	coord := make([]float64, k)
	for b := range xs[0] {
		for o := range nOut {
			for i := range k {
				v := gv[(b*nOut+o)*k+k-1-i]
				if g.alignCorners {
					coord[i] = (v + 1) / 2 * float64(dims[i]-1)
				} else {
					coord[i] = ((v+1)*float64(dims[i]) - 1) / 2
				}
				if g.mode == "nearest" {
					coord[i] = math.RoundToEven(coord[i])
				}
				if coord[i] < lo[i] || coord[i] > hi[i] {
					switch g.padding {
					case "border":
						coord[i] = math.Min(math.Max(coord[i], 0), float64(dims[i]-1))
					case "reflection":
						coord[i] = reflectInto(coord[i], lo[i], hi[i])
					}
				}
			}
			for c := range xs[1] {
				src := xv[(b*xs[1]+c)*plane : (b*xs[1]+c+1)*plane]
				out[(b*xs[1]+c)*nOut+o] = g.interpolate(src, dims, st, coord, lo, hi)
			}
		}
	}
	f, err := tensor.New(shape, out)
	if err != nil {
		return nil, err
	}
	return Cast(f, x.DType())
}

// interpolate combines the taps around coord as a tensor product of 1-D
// nearest, linear or cubic weights.
func (g gridSampler) interpolate(src []float64, dims, st []int, coord, lo, hi []float64) float64 {
	k := len(dims)
	taps := 1
	switch g.mode {
	case "linear":
		taps = 2
	case "cubic":
		taps = 4
	}
	base := make([]int, k)
	w := make([][]float64, k)
	for i, x := range coord {
		x0 := math.Floor(x)
		t := x - x0
		switch g.mode {
		case "nearest":
			base[i], w[i] = int(x), []float64{1}
		case "linear":
			base[i], w[i] = int(x0), []float64{1 - t, t}
		case "cubic":
			const a = -0.75
			base[i] = int(x0) - 1
			w[i] = []float64{
				((a*(t+1)-5*a)*(t+1)+8*a)*(t+1) - 4*a,
				((a+2)*t-(a+3))*t*t + 1,
				((a+2)*(1-t)-(a+3))*(1-t)*(1-t) + 1,
				((a*(2-t)-5*a)*(2-t)+8*a)*(2-t) - 4*a,
			}
		}
	}
	var sum float64
	pos := make([]int, k)
	tapDims := make([]int, k)
	for i := range tapDims {
		tapDims[i] = taps
	}
	for range product(tapDims) {
		weight, off := 1.0, 0
		for i := range k {
			weight *= w[i][pos[i]]
			idx, ok := g.pixel(base[i]+pos[i], dims[i], lo[i], hi[i])
			if !ok {
				weight = 0
				break
			}
			off += idx * st[i]
		}
		if weight != 0 {
			sum += weight * src[off]
		}
		next(pos, tapDims)
	}
	return sum
}

// pixel maps an index along an axis of n to the element it reads, or
// false for zero padding.
func (g gridSampler) pixel(i, n int, lo, hi float64) (int, bool) {
	if i >= 0 && i < n {
		return i, true
	}
	switch g.padding {
	case "border":
		return min(max(i, 0), n-1), true
	case "reflection":
		return min(max(int(reflectInto(float64(i), lo, hi)), 0), n-1), true
	}
	return 0, false
}

// reflectInto folds x into [lo, hi] by reflecting at the borders.
func reflectInto(x, lo, hi float64) float64 {
	r := hi - lo
	if r <= 0 {
		return lo
	}
	switch {
	case x < lo:
		d := lo - x
		n := math.Floor(d / r)
		if rem := d - n*r; int64(n)%2 == 0 {
			return lo + rem
		} else {
			return hi - rem
		}
	case x > hi:
		d := x - hi
		n := math.Floor(d / r)
		if rem := d - n*r; int64(n)%2 == 0 {
			return hi - rem
		} else {
			return lo + rem
		}
	}
	return x
}
