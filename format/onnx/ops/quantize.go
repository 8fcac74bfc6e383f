package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// quantParams reads the scale and optional zero point inputs, per tensor or
// per axis (opset 13), broadcast to x's shape; block quantization is not
// supported.
func quantParams(n *Node, in []Value, x *tensor.Tensor) (scale, zero []float64, zt *tensor.Tensor, err error) {
	st, err := arg(in, 1)
	if err != nil {
		return nil, nil, nil, err
	}
	if n.Int("block_size", 0) != 0 {
		return nil, nil, nil, fmt.Errorf("block_size: %w", ErrUnsupported)
	}
	if zt, err = optArg(in, 2); err != nil {
		return nil, nil, nil, err
	}
	expand := func(t *tensor.Tensor) ([]float64, error) {
		v, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		if len(v) == 1 {
			return gather(v, make([]int, x.Len())), nil
		}
		ax, err := axis(n.Int("axis", 1), len(x.Shape()))
		if err != nil {
			return nil, err
		}
		if len(v) != x.Shape()[ax] {
			return nil, fmt.Errorf("%w: %d quantization parameters for axis %d of %v", tensor.ErrShape, len(v), ax, x.Shape())
		}
		shape := make([]int, len(x.Shape())-ax)
		for i := range shape {
			shape[i] = 1
		}
		shape[0] = len(v)
		return gather(v, broadcastIndex(shape, x.Shape())), nil
	}
	if scale, err = expand(st); err != nil {
		return nil, nil, nil, err
	}
	zero = make([]float64, x.Len())
	if zt != nil {
		if zero, err = expand(zt); err != nil {
			return nil, nil, nil, err
		}
	}
	return scale, zero, zt, nil
}

// buildQuantizeLinear computes saturate(round(x / scale) + zero_point) into
// the zero point's type (UINT8 by default).
func buildQuantizeLinear(n *Node) (Kernel, error) {
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		scale, zero, zt, err := quantParams(n, in, x)
		if err != nil {
			return nil, err
		}
		dt := tensor.Uint8
		if zt != nil {
			dt = zt.DType()
		}
		lo, hi, ok := intRange(dt)
		if !ok {
			return nil, fmt.Errorf("quantizing to %v: %w", dt, ErrUnsupported)
		}
		v, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(v))
		for i, f := range v {
			q := f / scale[i]
			if x.DType() == tensor.Float32 {
				q = float64(float32(f) / float32(scale[i])) // divide as FP32 does
			}
			out[i] = math.Min(math.Max(math.RoundToEven(q)+zero[i], lo), hi)
		}
		t, err := tensor.New(x.Shape(), out)
		if err != nil {
			return nil, err
		}
		return result(Cast(t, dt))
	}), nil
}

func intRange(dt tensor.DType) (lo, hi float64, ok bool) {
	switch dt {
	case tensor.Uint8:
		return 0, 255, true
	case tensor.Int8:
		return -128, 127, true
	case tensor.Uint16:
		return 0, 65535, true
	case tensor.Int16:
		return -32768, 32767, true
	case tensor.Int32:
		return math.MinInt32, math.MaxInt32, true
	}
	return 0, 0, false
}

// buildDequantizeLinear computes (x - zero_point) · scale in the scale's
// type.
func buildDequantizeLinear(n *Node) (Kernel, error) {
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		scale, zero, _, err := quantParams(n, in, x)
		if err != nil {
			return nil, err
		}
		v, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(v))
		for i, q := range v {
			out[i] = (q - zero[i]) * scale[i]
		}
		t, err := tensor.New(x.Shape(), out)
		if err != nil {
			return nil, err
		}
		st, _ := arg(in, 1)
		return result(Cast(t, st.DType()))
	}), nil
}

// buildDynamicQuantizeLinear quantizes to UINT8 with the scale and zero
// point that map [min(x, 0), max(x, 0)] onto [0, 255].
func buildDynamicQuantizeLinear(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		v, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		lo, hi := 0.0, 0.0
		for _, f := range v {
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
		scale := float64(float32((hi - lo) / 255))
		zero := 0.0
		if scale != 0 {
			zero = math.Min(math.Max(math.RoundToEven(-lo/scale), 0), 255)
		}
		out := make([]uint8, len(v))
		for i, f := range v {
			q := f
			if scale != 0 {
				q = float64(float32(f) / float32(scale))
			}
			out[i] = uint8(math.Min(math.Max(math.RoundToEven(q)+zero, 0), 255))
		}
		y, err := tensor.New(x.Shape(), out)
		if err != nil {
			return nil, err
		}
		s, _ := tensor.New([]int{}, []float32{float32(scale)})
		z, _ := tensor.New([]int{}, []uint8{uint8(zero)})
		return []Value{y, s, z}, nil
	}), nil
}

// buildQLinearMatMul multiplies quantized matrices: dequantize A and B,
// multiply, quantize with Y's scale and zero point.
func buildQLinearMatMul(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		var real [2]*tensor.Tensor
		for i := range real {
			q, err := arg(in, 3*i)
			if err != nil {
				return nil, err
			}
			p, err := dequantize(q, in[3*i+1], in[3*i+2])
			if err != nil {
				return nil, err
			}
			real[i] = p
		}
		prod, err := matmul[float64](real[0], real[1])
		if err != nil {
			return nil, err
		}
		ys, err := arg(in, 6)
		if err != nil {
			return nil, err
		}
		yz, err := arg(in, 7)
		if err != nil {
			return nil, err
		}
		s, _ := ys.Float64s()
		z, _ := yz.Float64s()
		lo, hi, ok := intRange(yz.DType())
		if !ok || len(s) != 1 || len(z) != 1 {
			return nil, fmt.Errorf("y_scale and y_zero_point must be scalars of an 8- or 16-bit type")
		}
		pv := prod.Data().([]float64)
		for i, f := range pv {
			pv[i] = math.Min(math.Max(math.RoundToEven(f/s[0])+z[0], lo), hi)
		}
		return result(Cast(prod, yz.DType()))
	}, nil
}

// dequantize returns (q - zero) · scale as FP64 for per-tensor or per-row
// parameters.
func dequantize(q *tensor.Tensor, scale, zero Value) (*tensor.Tensor, error) {
	st, ok1 := scale.(*tensor.Tensor)
	zt, ok2 := zero.(*tensor.Tensor)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("missing scale or zero point")
	}
	v, err := q.Float64s()
	if err != nil {
		return nil, err
	}
	s, _ := st.Float64s()
	z, _ := zt.Float64s()
	if len(s) != len(z) || len(s) == 0 {
		return nil, fmt.Errorf("%d scales for %d zero points", len(s), len(z))
	}
	rows := 1
	if len(s) > 1 && len(q.Shape()) >= 2 {
		rows = q.Shape()[len(q.Shape())-2]
	}
	if len(s) != 1 && len(s) != rows {
		return nil, fmt.Errorf("%w: %d scales for %v", tensor.ErrShape, len(s), q.Shape())
	}
	cols := 1
	if len(q.Shape()) > 0 {
		cols = q.Shape()[len(q.Shape())-1]
	}
	out := make([]float64, len(v))
	for i, x := range v {
		k := 0
		if len(s) > 1 {
			k = i / cols % rows
		}
		out[i] = (x - z[k]) * s[k]
	}
	return tensor.New(q.Shape(), out)
}
