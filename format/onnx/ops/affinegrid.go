package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildAffineGrid maps the normalised pixel grid of size [N, C, (D,) H, W]
// through each affine matrix of theta [N, k, k+1], giving the
// [N, (D,) H, W, k] sampling grid GridSample reads (x first).
func buildAffineGrid(n *Node) (Kernel, error) {
	alignCorners := n.Int("align_corners", 0) != 0
	return withInput(func(ctx context.Context, theta *tensor.Tensor, in []Value) ([]Value, error) {
		st, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		size, err := int64s(st)
		if err != nil {
			return nil, fmt.Errorf("AffineGrid size: %w", err)
		}
		return result(affineGrid(ctx, theta, size, alignCorners))
	}), nil
}

func affineGrid(ctx context.Context, theta *tensor.Tensor, size []int64, alignCorners bool) (*tensor.Tensor, error) {
	ts := theta.Shape()
	k := len(size) - 2
	if (k != 2 && k != 3) || len(ts) != 3 || int64(ts[0]) != size[0] || ts[1] != k || ts[2] != k+1 {
		return nil, fmt.Errorf("%w: AffineGrid of theta %v for size %v", tensor.ErrShape, ts, size)
	}
	dims := make([]int, k)
	for i, d := range size[2:] {
		if d <= 0 || d > MaxElements {
			return nil, fmt.Errorf("%w: AffineGrid size %v", tensor.ErrShape, size)
		}
		dims[i] = int(d)
	}
	shape := append(append([]int{ts[0]}, dims...), k)
	total, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	tv, err := theta.Float64s()
	if err != nil {
		return nil, err
	}
	// axes[i] holds the normalised coordinates along spatial axis i,
	// outermost first; the grid's point is (x, y[, z], 1), innermost first.
	axes := make([][]float64, k)
	for i, d := range dims {
		axes[i] = gridAxis(d, alignCorners)
	}
	points := total / max(ts[0]*k, 1)
	out := make([]float64, total)
	pos := make([]int, k)
	point := make([]float64, k+1)
	point[k] = 1
	for b := range ts[0] {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m := tv[b*k*(k+1) : (b+1)*k*(k+1)]
		for p := range points {
			for i := range k {
				point[i] = axes[k-1-i][pos[k-1-i]]
			}
			dst := out[(b*points+p)*k : (b*points+p+1)*k]
			for r := range dst {
				var s float64
				for c, v := range point {
					s += m[r*(k+1)+c] * v
				}
				dst[r] = s
			}
			next(pos, dims)
		}
	}
	f, err := tensor.New(shape, out)
	if err != nil {
		return nil, err
	}
	return Cast(f, theta.DType())
}

// gridAxis returns n evenly spaced coordinates in [-1, 1]: the pixel
// centres, or with alignCorners the corner pixels' centres at ±1.
func gridAxis(n int, alignCorners bool) []float64 {
	a := make([]float64, n)
	for i := range a {
		if alignCorners {
			a[i] = -1
			if n > 1 {
				a[i] += 2 * float64(i) / float64(n-1)
			}
		} else {
			a[i] = (2*float64(i)+1)/float64(n) - 1
		}
	}
	return a
}
