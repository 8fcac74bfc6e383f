package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// padOp is Pad (zeros), PadV2 (a constant input) and MirrorPad (mode
// REFLECT or SYMMETRIC). Input 1 holds [before, after] per dimension.
func padOp(kind string) *kernel {
	arity := 2
	if kind == "PadV2" {
		arity = 3
	}
	return tensorKernel(arity, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		shape := in[0].Shape()
		p, err := asInts(in[1])
		if err != nil || len(p) != 2*len(shape) {
			return nil, fmt.Errorf("paddings must be %d×2 integers", len(shape))
		}
		mirror := 0 // how far a reflection's edge sits from the border
		switch {
		case kind != "MirrorPad":
		case c.attrString("mode") == "REFLECT":
			mirror = 1
		case c.attrString("mode") == "SYMMETRIC":
		default:
			return nil, fmt.Errorf("mode %q: %w", c.attrString("mode"), ErrUnsupported)
		}
		out := make([]int, len(shape))
		maps := make([][]int, len(shape))
		for d, n := range shape {
			before, after := p[2*d], p[2*d+1]
			if before < 0 || after < 0 || before > maxElements || after > maxElements ||
				kind == "MirrorPad" && (before > n-mirror || after > n-mirror) {
				return nil, fmt.Errorf("padding %d, %d of dimension %d of size %d", before, after, d, n)
			}
			out[d] = before + n + after
			if out[d] > maxElements {
				return nil, fmt.Errorf("padded dimension %d of %d", d, out[d])
			}
			maps[d] = make([]int, out[d])
			for o := range maps[d] {
				i := o - before
				switch {
				case i >= 0 && i < n:
				case kind != "MirrorPad":
					i = -1
				case i < 0:
					i = -i - 1 + mirror
				default:
					i = 2*n - 1 - i - mirror
				}
				maps[d][o] = i
			}
		}
		if _, err := checkSize(out); err != nil {
			return nil, err
		}
		fill := in[len(in)-1]
		if kind == "Pad" || kind == "MirrorPad" {
			if fill, err = tensor.Zeros(in[0].DType(), []int{}); err != nil {
				return nil, err
			}
		}
		return takeOr(in[0], out, remapIndex(shape, out, maps), fill)
	})
}

// remapIndex returns, for each element of a tensor of shape out, the flat
// index in a tensor of shape in of the element whose coordinate along
// dimension d is maps[d][o] for output coordinate o; -1 if any is -1.
// Dimensions of size 1 add a fixed offset and stay out of the walk.
func remapIndex(in, out []int, maps [][]int) []int {
	st := strides(in)
	base, fill, walk := 0, false, []int{}
	for d, n := range out {
		switch {
		case n != 1:
			walk = append(walk, d)
		case maps[d][0] < 0:
			fill = true // every element is padding
		default:
			base += maps[d][0] * st[d]
		}
	}
	n := 1
	for _, d := range out {
		n *= d
	}
	idx := make([]int, n)
	pos := make([]int, len(out))
	for i := range idx {
		idx[i] = base
		for _, d := range walk {
			src := maps[d][pos[d]]
			if src < 0 {
				idx[i] = -1
				break
			}
			idx[i] += src * st[d]
		}
		if fill {
			idx[i] = -1
		}
		for k := len(walk) - 1; k >= 0; k-- {
			d := walk[k]
			if pos[d]++; pos[d] < out[d] {
				break
			}
			pos[d] = 0
		}
	}
	return idx
}
