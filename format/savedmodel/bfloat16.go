package savedmodel

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// The tensor package has no bfloat16 type (Keras's mixed_bfloat16
// policy computes in it): bfloat16 tensors are held as float32 with
// bfloat16's precision, widened exactly when read from a constant or a
// checkpoint, rounded by Cast to bfloat16 and, for ops whose T is
// bfloat16, computed in float64 and rounded once (toBF16).

// bf16Float32 widens bfloat16 bits, the top half of a float32's, exactly.
func bf16Float32(bits uint16) float32 { return math.Float32frombits(uint32(bits) << 16) }

// roundBF16 rounds x to the nearest bfloat16, ties to even, as
// TensorFlow's cast does; NaN stays NaN.
func roundBF16(x float64) float64 {
	f := float32(x)
	if f != f {
		return x
	}
	b := math.Float32bits(f)
	b += 0x7fff + (b>>16)&1
	return float64(math.Float32frombits(b &^ 0xffff))
}

// decodeBF16 reads little-endian bfloat16 bytes into a float32 tensor.
func decodeBF16(shape []int, n int, raw []byte) (*tensor.Tensor, error) {
	if len(raw) != 2*n {
		return nil, fmt.Errorf("%d bytes for %d bfloat16 values of shape %v", len(raw), n, shape)
	}
	out := make([]float32, n)
	for i := range out {
		out[i] = bf16Float32(binary.LittleEndian.Uint16(raw[2*i:]))
	}
	return tensor.New(shape, out)
}

// toBF16 rounds the float32 tensors among an op's outputs to bfloat16.
func toBF16(outs []value) error {
	for i, v := range outs {
		if v.t == nil || v.t.DType() != tensor.Float32 {
			continue
		}
		x, err := asFloat64(v.t)
		if err != nil {
			return err
		}
		t, err := fromFloat64(tensor.Float32, v.t.Shape(), convert(x, roundBF16))
		if err != nil {
			return err
		}
		outs[i] = tensorValue(t)
	}
	return nil
}
