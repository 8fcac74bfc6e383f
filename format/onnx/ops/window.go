package ops

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// window is the geometry of a sliding window over the spatial dimensions
// of an [N, C, D1, …, Dk] tensor, shared by Conv and the pools.
type window struct {
	in, out, kernel    []int
	strides, dilations []int
	padBegin, padEnd   []int
}

// newWindow reads kernel_shape (unless given), strides, dilations, pads
// and auto_pad for spatial input sizes in.
func newWindow(n *Node, in, kernel []int, ceil bool) (window, error) {
	k := len(in)
	w := window{in: in, kernel: kernel, out: make([]int, k), padBegin: make([]int, k), padEnd: make([]int, k)}
	if w.kernel == nil {
		w.kernel = ints(n.Ints("kernel_shape"))
	}
	w.strides, w.dilations = onesOr(n.Ints("strides"), k), onesOr(n.Ints("dilations"), k)
	if len(w.kernel) != k || len(w.strides) != k || len(w.dilations) != k {
		return w, fmt.Errorf("kernel %v, strides %v or dilations %v do not match %d spatial dimensions", w.kernel, w.strides, w.dilations, k)
	}
	if pads := n.Ints("pads"); pads != nil {
		if len(pads) != 2*k {
			return w, fmt.Errorf("pads %v do not match %d spatial dimensions", pads, k)
		}
		for i := range k {
			w.padBegin[i], w.padEnd[i] = int(pads[i]), int(pads[k+i])
		}
	}
	autoPad := n.String("auto_pad", "NOTSET")
	for i := range k {
		if w.kernel[i] <= 0 || w.strides[i] <= 0 || w.dilations[i] <= 0 || w.padBegin[i] < 0 || w.padEnd[i] < 0 {
			return w, fmt.Errorf("kernel %v, strides %v, dilations %v and pads must be positive", w.kernel, w.strides, w.dilations)
		}
		span := (w.kernel[i]-1)*w.dilations[i] + 1
		switch autoPad {
		case "SAME_UPPER", "SAME_LOWER":
			w.out[i] = (in[i] + w.strides[i] - 1) / w.strides[i]
			total := max(0, (w.out[i]-1)*w.strides[i]+span-in[i])
			w.padBegin[i] = total / 2
			if autoPad == "SAME_LOWER" {
				w.padBegin[i] = total - total/2
			}
			w.padEnd[i] = total - w.padBegin[i]
			continue
		case "VALID":
			w.padBegin[i], w.padEnd[i] = 0, 0
		case "NOTSET":
		default:
			return w, fmt.Errorf("unknown auto_pad %q", autoPad)
		}
		room := in[i] + w.padBegin[i] + w.padEnd[i] - span
		if room < 0 {
			return w, fmt.Errorf("%w: window %d is larger than the padded input %d", tensor.ErrShape, span, in[i]+w.padBegin[i]+w.padEnd[i])
		}
		w.out[i] = room/w.strides[i] + 1
		if ceil && room%w.strides[i] != 0 {
			w.out[i]++
			// A window may not start in the end padding.
			if (w.out[i]-1)*w.strides[i] >= in[i]+w.padBegin[i] {
				w.out[i]--
			}
		}
	}
	return w, nil
}

func ints(v []int64) []int {
	if v == nil {
		return nil
	}
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x)
	}
	return out
}

func onesOr(v []int64, k int) []int {
	if v == nil {
		out := make([]int, k)
		for i := range out {
			out[i] = 1
		}
		return out
	}
	return ints(v)
}

// taps lists, for each output position (row-major over w.out) and kernel
// position (row-major over w.kernel), the flat spatial input index it
// reads, or -1 in the padding.
func (w window) taps() []int {
	nk, no := product(w.kernel), product(w.out)
	inStrides := strides(w.in)
	res := make([]int, no*nk)
	opos := make([]int, len(w.out))
	kpos := make([]int, len(w.kernel))
	for o := range no {
		for i := range kpos {
			kpos[i] = 0
		}
		for k := range nk {
			idx := 0
			for d := range w.in {
				p := opos[d]*w.strides[d] - w.padBegin[d] + kpos[d]*w.dilations[d]
				if p < 0 || p >= w.in[d] {
					idx = -1
					break
				}
				idx += p * inStrides[d]
			}
			res[o*nk+k] = idx
			next(kpos, w.kernel)
		}
		next(opos, w.out)
	}
	return res
}

// next advances an odometer pos over dims.
func next(pos, dims []int) {
	for d := len(pos) - 1; d >= 0; d-- {
		if pos[d]++; pos[d] < dims[d] {
			return
		}
		pos[d] = 0
	}
}
