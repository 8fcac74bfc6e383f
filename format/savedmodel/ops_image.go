package savedmodel

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// resizeGeometry reads the NHWC images and the [height, width] size input
// of a resize op.
func resizeGeometry(in []*tensor.Tensor) (shape []int, size [2]int, err error) {
	shape = in[0].Shape()
	s, err := asInts(in[1])
	if len(shape) != 4 || err != nil || len(s) != 2 || s[0] <= 0 || s[1] <= 0 {
		return nil, size, fmt.Errorf("images %v and size %v: want NHWC images and two positive sizes", shape, in[1].Data())
	}
	if shape[1] == 0 || shape[2] == 0 {
		return nil, size, fmt.Errorf("images %v are empty", shape)
	}
	if _, err := checkSize([]int{shape[0], s[0], s[1], shape[3]}); err != nil {
		return nil, size, err
	}
	return shape, [2]int{s[0], s[1]}, nil
}

// resizeScale is TensorFlow's CalculateResizeScale, in float32 as there.
func resizeScale(in, out int, alignCorners bool) float32 {
	if alignCorners && out > 1 {
		return float32(in-1) / float32(out-1)
	}
	return float32(in) / float32(out)
}

// resizeNearestOp is ResizeNearestNeighbor. The source of output pixel o
// is floor(o·scale), or with half_pixel_centers floor((o+0.5)·scale), or
// with align_corners round(o·scale), clamped to the image, as TensorFlow's
// kernel computes it.
var resizeNearestOp = tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape, size, err := resizeGeometry(in)
	if err != nil {
		return nil, err
	}
	align, half := c.attrBool("align_corners"), c.attrBool("half_pixel_centers")
	out := []int{shape[0], size[0], size[1], shape[3]}
	maps := [][]int{seq(0, shape[0]), nil, nil, seq(0, shape[3])}
	for d := 1; d <= 2; d++ {
		scale := resizeScale(shape[d], out[d], align)
		maps[d] = make([]int, out[d])
		for o := range maps[d] {
			src := float32(o) * scale
			if half {
				src = (float32(o) + 0.5) * scale
			}
			var i int
			if align {
				i = int(math.Round(float64(src)))
			} else {
				i = int(math.Floor(float64(src)))
			}
			maps[d][o] = max(0, min(i, shape[d]-1))
		}
	}
	return take(in[0], out, remapIndex(shape, out, maps))
})

// tap is one source pixel of an output coordinate and its weight.
type tap struct {
	i int
	w float64
}

// linearTaps follows TensorFlow's compute_interpolation_weights: the
// floor and ceiling of the source coordinate, clamped to the image.
func linearTaps(in, out int, scale float32, half bool) [][]tap {
	taps := make([][]tap, out)
	for o := range taps {
		src := sourceCoord(o, scale, half)
		f := float32(math.Floor(float64(src)))
		w := float64(src - f)
		taps[o] = []tap{{max(int(f), 0), 1 - w}, {min(int(math.Ceil(float64(src))), in-1), w}}
	}
	return taps
}

// sourceCoord is where output pixel o samples the input: o·scale, or
// (o+0.5)·scale-0.5 with half_pixel_centers.
func sourceCoord(o int, scale float32, half bool) float32 {
	if half {
		return (float32(o)+0.5)*scale - 0.5
	}
	return float32(o) * scale
}

// cubicTableSize is how finely TensorFlow tabulates the cubic kernel: it
// rounds each sample offset to a 1/1024 step.
const cubicTableSize = 1024

// cubicTaps returns TensorFlow's ResizeBicubic taps: Keys' kernel with
// a = -0.5 and half-pixel sampling (half_pixel_centers), where taps
// outside the image get weight 0 and the rest are renormalised; otherwise
// a = -0.75 and outside taps repeat the edge.
func cubicTaps(in, out int, scale float32, half bool) [][]tap {
	a := float32(-0.75)
	if half {
		a = -0.5
	}
	kernel := func(x float32) float32 { // x in [0, 2]
		if x <= 1 {
			return ((a+2)*x-(a+3))*x*x + 1
		}
		return ((a*x-5*a)*x+8*a)*x - 4*a
	}
	taps := make([][]tap, out)
	for o := range taps {
		src := sourceCoord(o, scale, half)
		loc := int(math.Floor(float64(src)))
		t := float32(math.RoundToEven(float64((src-float32(loc))*cubicTableSize))) / cubicTableSize
		w := [4]float32{kernel(1 + t), kernel(t), kernel(1 - t), kernel(2 - t)}
		var sum float32
		taps[o] = make([]tap, 4)
		for k := range w {
			j := loc - 1 + k
			taps[o][k].i = max(0, min(j, in-1))
			if half && taps[o][k].i != j {
				w[k] = 0
			}
			sum += w[k]
		}
		for k := range w {
			if half && math.Abs(float64(sum)) >= 1000*math.SmallestNonzeroFloat32 {
				w[k] /= sum
			}
			taps[o][k].w = float64(w[k])
		}
	}
	return taps
}

// resizeOp is ResizeBilinear (linearTaps) and ResizeBicubic (cubicTaps):
// each output pixel weighs the source rows of its y taps by the source
// columns of its x taps. The output is always float32.
func resizeOp(taps func(in, out int, scale float32, half bool) [][]tap) *kernel {
	return tensorKernel(2, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		shape, size, err := resizeGeometry(in)
		if err != nil {
			return nil, err
		}
		align, half := c.attrBool("align_corners"), c.attrBool("half_pixel_centers")
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		b, h, w, ch := shape[0], shape[1], shape[2], shape[3]
		ys := taps(h, size[0], resizeScale(h, size[0], align), half)
		xs := taps(w, size[1], resizeScale(w, size[1], align), half)
		out := make([]float64, 0, b*size[0]*size[1]*ch)
		for n := range b {
			img := x[n*h*w*ch:]
			for _, ty := range ys {
				for _, tx := range xs {
					for k := range ch {
						var v float64
						for _, py := range ty {
							var row float64
							for _, px := range tx {
								row += px.w * img[(py.i*w+px.i)*ch+k]
							}
							v += py.w * row
						}
						out = append(out, v)
					}
				}
			}
		}
		return fromFloat64(tensor.Float32, []int{b, size[0], size[1], ch}, out)
	})
}

// spaceDepthOp is DepthToSpace (toSpace) and SpaceToDepth on NHWC data:
// block×block pixels trade places with block² channel groups.
func spaceDepthOp(toSpace bool) *kernel {
	return tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		shape := in[0].Shape()
		bs := int(c.attrInt("block_size", 0))
		if f := c.attrString("data_format"); f != "" && f != "NHWC" {
			return nil, fmt.Errorf("data_format %s: %w", f, ErrUnsupported)
		}
		if len(shape) != 4 || bs < 2 || bs > maxWindow {
			return nil, fmt.Errorf("input %v with block_size %d", shape, bs)
		}
		// The depth-side tensor viewed as [n, h, w, bs, bs, c] and the
		// space-side one as [n, h, bs, w, bs, c] hold the same elements.
		n, h, w, ch := shape[0], shape[1], shape[2], shape[3]
		if toSpace {
			if ch%(bs*bs) != 0 {
				return nil, fmt.Errorf("%d channels for block_size %d", ch, bs)
			}
			ch /= bs * bs
		} else {
			if h%bs != 0 || w%bs != 0 {
				return nil, fmt.Errorf("%dx%d image for block_size %d", h, w, bs)
			}
			h, w = h/bs, w/bs
		}
		src, out := []int{n, h, w, bs, bs, ch}, []int{n, h * bs, w * bs, ch}
		if !toSpace {
			src, out = []int{n, h, bs, w, bs, ch}, []int{n, h, w, bs * bs * ch}
		}
		v, err := in[0].Reshape(src)
		if err != nil {
			return nil, err
		}
		t, err := permute(v, []int{0, 1, 3, 2, 4, 5}) // its own inverse
		if err != nil {
			return nil, err
		}
		return t.Reshape(out)
	})
}
