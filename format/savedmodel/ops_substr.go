package savedmodel

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/slipwayml/slipway/tensor"
)

// unitStrings reads an op's STRING input t and its unit attribute: BYTE
// (the default) or UTF8_CHAR, which sets chars.
func unitStrings(c *call, t *tensor.Tensor) (s []string, chars bool, err error) {
	s, ok := tensor.Values[string](t)
	if !ok {
		return nil, false, fmt.Errorf("input is %v, want STRING", t.DType())
	}
	switch u := c.attrString("unit"); u {
	case "", "BYTE":
		return s, false, nil
	case "UTF8_CHAR":
		return s, true, nil
	default:
		return nil, false, fmt.Errorf("unit %q: %w", u, ErrUnsupported)
	}
}

// stringLengthOp is StringLength: bytes, or code points with unit
// UTF8_CHAR.
var stringLengthOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	s, chars, err := unitStrings(c, in[0])
	if err != nil {
		return nil, err
	}
	return tensor.New(in[0].Shape(), convert(s, func(x string) int32 {
		if chars {
			return int32(utf8.RuneCountInString(x))
		}
		return int32(len(x))
	}))
})

// substrOp is Substr: len units of each string from pos, which counts
// from the end when negative; a substring running past the end is cut
// there. pos and len broadcast to the input's shape.
var substrOp = tensorKernel(3, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	s, chars, err := unitStrings(c, in[0])
	if err != nil {
		return nil, err
	}
	shape := in[0].Shape()
	var at [2][]int
	for k, t := range in[1:] {
		v, err := asInts(t)
		if err != nil {
			return nil, fmt.Errorf("input %d: %w", k+1, err)
		}
		if b, err := broadcastShape(shape, t.Shape()); err != nil || !slices.Equal(b, shape) {
			return nil, fmt.Errorf("input %d of shape %v for strings %v", k+1, t.Shape(), shape)
		}
		at[k] = pick(v, broadcastIndex(shape, t.Shape()))
	}
	out := make([]string, len(s))
	for i, str := range s {
		n := len(str)
		if chars {
			n = utf8.RuneCountInString(str)
		}
		pos, l := at[0][i], at[1][i]
		if pos < 0 {
			pos += n
		}
		if pos < 0 || pos > n || l < 0 {
			return nil, fmt.Errorf("pos %d, len %d out of range for %q", at[0][i], l, str)
		}
		end := pos + min(l, n-pos)
		if chars {
			pos, end = runeOffset(str, pos), runeOffset(str, end)
		}
		out[i] = str[pos:end]
	}
	return tensor.New(shape, out)
})

// runeOffset is the byte offset of code point n of s.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
