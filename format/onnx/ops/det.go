package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildDet computes the determinant of each trailing square matrix by LU
// decomposition with partial pivoting.
func buildDet(*Node) (Kernel, error) {
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		s := t.Shape()
		if len(s) < 2 || s[len(s)-1] != s[len(s)-2] {
			return nil, fmt.Errorf("%w: Det wants square matrices, got %v", tensor.ErrShape, s)
		}
		v, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		m := s[len(s)-1]
		out := make([]float64, product(s[:len(s)-2]))
		for b := range out {
			a := append([]float64(nil), v[b*m*m:(b+1)*m*m]...)
			det := 1.0
			for c := range m {
				p := c
				for r := c + 1; r < m; r++ {
					if math.Abs(a[r*m+c]) > math.Abs(a[p*m+c]) {
						p = r
					}
				}
				if a[p*m+c] == 0 {
					det = 0
					break
				}
				if p != c {
					for k := range m {
						a[c*m+k], a[p*m+k] = a[p*m+k], a[c*m+k]
					}
					det = -det
				}
				det *= a[c*m+c]
				for r := c + 1; r < m; r++ {
					f := a[r*m+c] / a[c*m+c]
					for k := c; k < m; k++ {
						a[r*m+k] -= f * a[c*m+k]
					}
				}
			}
			out[b] = det
		}
		f, err := tensor.New(s[:len(s)-2], out)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, t.DType()))
	}), nil
}
