package ops

import (
	"context"

	"github.com/slipwayml/slipway/tensor"
)

// buildMatMulInteger multiplies 8-bit integer matrices after subtracting
// their zero points (scalars or per row of A / per column of B), into INT32.
func buildMatMulInteger(*Node) (Kernel, error) {
	return func(ctx context.Context, in []Value) ([]Value, error) {
		var ops [2]*tensor.Tensor
		for i := range ops {
			t, err := arg(in, i)
			if err != nil {
				return nil, err
			}
			zp, err := optArg(in, i+2)
			if err != nil {
				return nil, err
			}
			v, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			shifted, _ := tensor.New(t.Shape(), v)
			if zp != nil {
				z, err := zp.Float64s()
				if err != nil {
					return nil, err
				}
				zShape := []int{len(z)}
				if i == 0 && len(z) > 1 {
					zShape = []int{len(z), 1} // per row of A
				}
				zt, _ := tensor.New(zShape, z)
				if shifted, err = floatBinary(shifted, zt, func(x, z float64) float64 { return x - z }); err != nil {
					return nil, err
				}
			}
			ops[i] = shifted
		}
		p, err := matmul[float64](ops[0], ops[1])
		if err != nil {
			return nil, err
		}
		return result(Cast(p, tensor.Int32))
	}, nil
}
