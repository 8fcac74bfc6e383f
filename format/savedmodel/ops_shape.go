package savedmodel

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// intsTensor returns a 1-D integer tensor of type dt (Int32 or Int64).
func intsTensor(dt tensor.DType, v []int) (*tensor.Tensor, error) {
	f := convert(v, func(x int) float64 { return float64(x) })
	return fromFloat64(dt, []int{len(v)}, f)
}

// outType reads an op's optional output type attribute.
func outType(c *call, name string, def tensor.DType) (tensor.DType, error) {
	if _, ok := c.n.def.GetAttr()[name]; !ok {
		return def, nil
	}
	return c.attrType(name)
}

var shapeOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	dt, err := outType(c, "out_type", tensor.Int32)
	if err != nil {
		return nil, err
	}
	return intsTensor(dt, in[0].Shape())
})

var reshapeOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape, err := asInts(in[1])
	if err != nil {
		return nil, fmt.Errorf("shape: %w", err)
	}
	infer, known := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			return nil, fmt.Errorf("bad target shape %v", shape)
		default:
			known *= d
		}
	}
	if infer >= 0 {
		if known == 0 || in[0].Len()%known != 0 {
			return nil, fmt.Errorf("cannot reshape %v to %v", in[0].Shape(), shape)
		}
		shape[infer] = in[0].Len() / known
	}
	if _, err := checkSize(shape); err != nil {
		return nil, err
	}
	return in[0].Reshape(shape)
})

// axis normalises a possibly negative axis of a rank-r tensor.
func axis(a, r int) (int, error) {
	if a < -r || a >= r {
		return 0, fmt.Errorf("axis %d out of range for rank %d", a, r)
	}
	if a < 0 {
		a += r
	}
	return a, nil
}

var expandDimsOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	d, err := scalarInt(in[1], "dim")
	if err != nil {
		return nil, err
	}
	shape := in[0].Shape()
	a, err := axis(d, len(shape)+1)
	if err != nil {
		return nil, err
	}
	out := slices.Insert(slices.Clone(shape), a, 1)
	if _, err := checkSize(out); err != nil {
		return nil, err
	}
	return in[0].Reshape(out)
})

var squeezeOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape := in[0].Shape()
	drop := map[int]bool{}
	for _, d := range c.attrInts("squeeze_dims") {
		a, err := axis(int(d), len(shape))
		if err != nil {
			return nil, err
		}
		if shape[a] != 1 {
			return nil, fmt.Errorf("cannot squeeze dimension %d of %v", a, shape)
		}
		drop[a] = true
	}
	var out []int
	for i, d := range shape {
		if !(drop[i] || len(drop) == 0 && d == 1) {
			out = append(out, d)
		}
	}
	return in[0].Reshape(out)
})

// strides returns row-major strides of shape.
func strides(shape []int) []int {
	s := make([]int, len(shape))
	st := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = st
		st *= shape[i]
	}
	return s
}

var transposeOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	perm, err := asInts(in[1])
	if err != nil {
		return nil, fmt.Errorf("perm: %w", err)
	}
	shape := in[0].Shape()
	if len(perm) != len(shape) {
		return nil, fmt.Errorf("perm %v for rank %d", perm, len(shape))
	}
	st := strides(shape)
	out, step := make([]int, len(perm)), make([]int, len(perm))
	seen := make([]bool, len(perm))
	for i, p := range perm {
		if p < 0 || p >= len(shape) || seen[p] {
			return nil, fmt.Errorf("bad perm %v", perm)
		}
		seen[p] = true
		out[i], step[i] = shape[p], st[p]
	}
	return take(in[0], out, gatherIndex(out, 0, step))
})

var fillOp = tensorKernel(2, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	shape, err := asInts(in[0])
	if err != nil {
		return nil, fmt.Errorf("dims: %w", err)
	}
	n, err := checkSize(shape)
	if err != nil {
		return nil, err
	}
	if in[1].Len() != 1 {
		return nil, fmt.Errorf("fill value has shape %v, want a scalar", in[1].Shape())
	}
	return take(in[1], shape, make([]int, n))
})

// likeOp is ZerosLike and OnesLike.
func likeOp(v float64) *kernel {
	return tensorKernel(1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		out := make([]float64, in[0].Len())
		for i := range out {
			out[i] = v
		}
		return fromFloat64(in[0].DType(), in[0].Shape(), out)
	})
}

var castOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	dt, err := c.attrType("DstT")
	if err != nil {
		return nil, err
	}
	bf16 := c.n.def.GetAttr()["DstT"].GetType() == tfpb.DataType_DT_BFLOAT16
	if dt == in[0].DType() && !bf16 {
		return in[0], nil
	}
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	if bf16 {
		x = convert(x, roundBF16)
	}
	return fromFloat64(dt, in[0].Shape(), x)
})
