package ops

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// roiAligner holds RoiAlign's attributes.
type roiAligner struct {
	max           bool
	height, width int
	samples       int // per bin and axis; 0 adapts to the box size
	scale, offset float64
}

// buildRoiAlign pools each box of rois [R, 4] (x1, y1, x2, y2) over image
// batch_indices[r] of X [N, C, H, W] into an [R, C, h, w] grid of bins,
// each the average or maximum of bilinear samples.
func buildRoiAlign(n *Node) (Kernel, error) {
	a := roiAligner{
		height:  int(n.Int("output_height", 1)),
		width:   int(n.Int("output_width", 1)),
		samples: int(n.Int("sampling_ratio", 0)),
		scale:   float64(n.Float("spatial_scale", 1)),
	}
	switch mode := n.String("mode", "avg"); mode {
	case "max":
		a.max = true
	case "avg":
	default:
		return nil, fmt.Errorf("unknown mode %q", mode)
	}
	// Opset 16 added the attribute and made half_pixel the default.
	ctm := "half_pixel"
	if n.Opset < 16 {
		ctm = "output_half_pixel"
	}
	switch ctm = n.String("coordinate_transformation_mode", ctm); ctm {
	case "half_pixel":
		a.offset = 0.5
	case "output_half_pixel":
	default:
		return nil, fmt.Errorf("unknown coordinate_transformation_mode %q", ctm)
	}
	if a.height <= 0 || a.width <= 0 || a.samples < 0 {
		return nil, fmt.Errorf("output_height %d, output_width %d and sampling_ratio %d must be positive", a.height, a.width, a.samples)
	}
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		rois, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		idx, err := arg(in, 2)
		if err != nil {
			return nil, err
		}
		return result(a.align(ctx, x, rois, idx))
	}), nil
}

func (a roiAligner) align(ctx context.Context, x, rois, idx *tensor.Tensor) (*tensor.Tensor, error) {
	xs, rs := x.Shape(), rois.Shape()
	if len(xs) != 4 || len(rs) != 2 || rs[1] != 4 || !slices.Equal(idx.Shape(), rs[:1]) {
		return nil, fmt.Errorf("%w: RoiAlign of %v with rois %v and batch_indices %v", tensor.ErrShape, xs, rs, idx.Shape())
	}
	shape := []int{rs[0], xs[1], a.height, a.width}
	size, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	xv, err := x.Float64s()
	if err != nil {
		return nil, err
	}
	rv, err := rois.Float64s()
	if err != nil {
		return nil, err
	}
	iv, err := int64s(idx)
	if err != nil {
		return nil, fmt.Errorf("RoiAlign batch_indices: %w", err)
	}
	plane := xs[2] * xs[3]
	if plane == 0 && xs[1] > 0 && rs[0] > 0 {
		return nil, fmt.Errorf("%w: RoiAlign of an empty %v image", tensor.ErrShape, xs)
	}
	out := make([]float64, size)
	bins := a.height * a.width
	var taps []roiSample
	for r, b := range iv {
		if b < 0 || b >= int64(xs[0]) {
			return nil, fmt.Errorf("RoiAlign batch index %d is out of range for %d images", b, xs[0])
		}
		box, err := a.newRoiBox(rv[4*r : 4*r+4])
		if err != nil {
			return nil, fmt.Errorf("RoiAlign box %d: %w", r, err)
		}
		for bin := range bins {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			taps = box.samples(taps[:0], bin/a.width, bin%a.width, xs[2], xs[3])
			for c := range xs[1] {
				src := xv[(int(b)*xs[1]+c)*plane : (int(b)*xs[1]+c+1)*plane]
				out[(r*xs[1]+c)*bins+bin] = a.pool(src, taps)
			}
		}
	}
	f, err := tensor.New(shape, out)
	if err != nil {
		return nil, err
	}
	return Cast(f, x.DType())
}

// pool reduces one bin's samples. As in the reference, max takes the
// largest weighted corner, not the largest interpolated value.
func (a roiAligner) pool(src []float64, taps []roiSample) float64 {
	var acc float64
	for i, s := range taps {
		if !a.max {
			for j, p := range s.pos {
				acc += s.w[j] * src[p]
			}
			continue
		}
		v := math.Inf(-1)
		for j, p := range s.pos {
			v = math.Max(v, s.w[j]*src[p])
		}
		if i == 0 || v > acc {
			acc = v
		}
	}
	if !a.max {
		acc /= float64(len(taps))
	}
	return acc
}

// roiSample is one bilinear sample: four pixel offsets and their weights.
type roiSample struct {
	pos [4]int
	w   [4]float64
}

// maxRoiSamples bounds the samples of one bin, which an adaptive
// sampling_ratio derives from the (untrusted) box size.
const maxRoiSamples = 1 << 20

// roiBox is one box in input pixels, cut into bins of ny×nx samples.
type roiBox struct {
	x0, y0, binW, binH float64
	ny, nx             int
}

func (a roiAligner) newRoiBox(box []float64) (roiBox, error) {
	x0, y0 := box[0]*a.scale-a.offset, box[1]*a.scale-a.offset
	bw, bh := box[2]*a.scale-a.offset-x0, box[3]*a.scale-a.offset-y0
	if a.offset == 0 {
		bw, bh = math.Max(bw, 1), math.Max(bh, 1)
	}
	binH, binW := bh/float64(a.height), bw/float64(a.width)
	gh, gw := float64(a.samples), float64(a.samples)
	if a.samples == 0 {
		gh, gw = math.Ceil(binH), math.Ceil(binW)
	}
	// Empty or inverted boxes get one sample per bin, as in the reference.
	gh, gw = math.Max(gh, 1), math.Max(gw, 1)
	if !(gh*gw <= maxRoiSamples) {
		return roiBox{}, fmt.Errorf("box %v needs more than %d samples per bin", box, maxRoiSamples)
	}
	return roiBox{x0: x0, y0: y0, binW: binW, binH: binH, ny: int(gh), nx: int(gw)}, nil
}

// samples appends to taps the samples of bin (ph, pw) over an h×w plane.
func (b roiBox) samples(taps []roiSample, ph, pw, h, w int) []roiSample {
	for iy := range b.ny {
		y := b.y0 + float64(ph)*b.binH + (float64(iy)+0.5)*b.binH/float64(b.ny)
		for ix := range b.nx {
			x := b.x0 + float64(pw)*b.binW + (float64(ix)+0.5)*b.binW/float64(b.nx)
			taps = append(taps, bilinearSample(y, x, h, w))
		}
	}
	return taps
}

// bilinearSample weighs the four pixels around (y, x), clamping to the
// plane and giving zero weight to points more than a pixel outside it
// (and to NaN).
func bilinearSample(y, x float64, h, w int) roiSample {
	if !(y >= -1 && y <= float64(h) && x >= -1 && x <= float64(w)) {
		return roiSample{}
	}
	yl, yh, ly := roiCorner(y, h)
	xl, xh, lx := roiCorner(x, w)
	hy, hx := 1-ly, 1-lx
	return roiSample{
		pos: [4]int{yl*w + xl, yl*w + xh, yh*w + xl, yh*w + xh},
		w:   [4]float64{hy * hx, hy * lx, ly * hx, ly * lx},
	}
}

// roiCorner returns the low and high pixel around v in [0, n) and v's
// fraction of the way between them.
func roiCorner(v float64, n int) (lo, hi int, frac float64) {
	v = math.Max(v, 0)
	lo = int(v)
	if lo >= n-1 {
		return n - 1, n - 1, 0
	}
	return lo, lo + 1, v - float64(lo)
}
