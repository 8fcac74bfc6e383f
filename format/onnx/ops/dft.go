package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildDFT computes the discrete Fourier transform along one axis of a
// real ([…, 1]) or complex ([…, 2]) signal, by the direct O(n²) sum. The
// axis is an attribute before opset 20 (default 1) and input 2 after
// (default -2); dft_length pads or truncates the signal.
func buildDFT(n *Node) (Kernel, error) {
	inverse, onesided := n.Int("inverse", 0) != 0, n.Int("onesided", 0) != 0
	axisAttr := n.Int("axis", 1)
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		s := x.Shape()
		if len(s) < 2 || s[len(s)-1] < 1 || s[len(s)-1] > 2 {
			return nil, fmt.Errorf("%w: DFT input %v must end in 1 (real) or 2 (complex)", tensor.ErrShape, s)
		}
		a := axisAttr
		if n.Opset >= 20 {
			a = -2
			if t, err := optArg(in, 2); err != nil {
				return nil, err
			} else if t != nil {
				v, err := int64s(t)
				if err != nil || len(v) != 1 {
					return nil, fmt.Errorf("axis is not a scalar")
				}
				a = v[0]
			}
		}
		ax, err := axis(a, len(s))
		if err != nil || ax == len(s)-1 {
			return nil, fmt.Errorf("axis %d is not a signal axis of %v", a, s)
		}
		// An inverse of a one-sided spectrum is a real signal of the full
		// length, the missing half being the conjugate mirror.
		irfft := inverse && onesided
		length := s[ax]
		if irfft {
			length = 2 * (s[ax] - 1)
		}
		if t, err := optArg(in, 1); err != nil {
			return nil, err
		} else if t != nil {
			v, err := int64s(t)
			if err != nil || len(v) != 1 || v[0] <= 0 || v[0] > MaxElements {
				return nil, fmt.Errorf("dft_length is not a positive scalar")
			}
			length = int(v[0])
		}
		out, parts := length, 2
		switch {
		case irfft:
			parts = 1
		case onesided:
			out = length/2 + 1
		}
		shape := append([]int(nil), s...)
		shape[ax], shape[len(s)-1] = out, parts
		size, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		v, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		comp := s[len(s)-1]
		outer, inner := product(s[:ax]), product(s[ax+1:len(s)-1])
		res := make([]float64, size)
		sign := -1.0
		if inverse {
			sign = 1
		}
		for o := range outer {
			for i := range inner {
				for k := range out {
					var re, im float64
					terms := min(length, s[ax])
					if irfft {
						terms = length
					}
					for j := range terms {
						src, conj := j, false
						if irfft && j >= s[ax] {
							src, conj = length-j, true
						}
						if src >= s[ax] {
							continue
						}
						p := ((o*s[ax]+src)*inner + i) * comp
						xr, xi := v[p], 0.0
						if comp == 2 {
							xi = v[p+1]
						}
						if conj {
							xi = -xi
						}
						ang := sign * 2 * math.Pi * float64(j*k%length) / float64(length)
						c, sn := math.Cos(ang), math.Sin(ang)
						re += xr*c - xi*sn
						im += xr*sn + xi*c
					}
					if inverse {
						re, im = re/float64(length), im/float64(length)
					}
					q := ((o*out+k)*inner + i) * parts
					res[q] = re
					if parts == 2 {
						res[q+1] = im
					}
				}
			}
		}
		f, err := tensor.New(shape, res)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, x.DType()))
	}), nil
}
