package ops

import (
	"context"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// reducer folds the values of one reduced group into a result.
type reducer func(v []float64) float64

func sum(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
}

var reducers = map[string]reducer{
	"ReduceSum":  sum,
	"ReduceMean": func(v []float64) float64 { return sum(v) / float64(len(v)) },
	"ReduceMax": func(v []float64) float64 {
		m := math.Inf(-1)
		for _, x := range v {
			if x > m || x != x {
				m = x
			}
		}
		return m
	},
	"ReduceMin": func(v []float64) float64 {
		m := math.Inf(1)
		for _, x := range v {
			if x < m || x != x {
				m = x
			}
		}
		return m
	},
	"ReduceProd": func(v []float64) float64 {
		p := 1.0
		for _, x := range v {
			p *= x
		}
		return p
	},
	"ReduceL1": func(v []float64) float64 {
		var s float64
		for _, x := range v {
			s += math.Abs(x)
		}
		return s
	},
	"ReduceL2": func(v []float64) float64 { return math.Sqrt(sumSquare(v)) },
	"ReduceLogSum": func(v []float64) float64 {
		return math.Log(sum(v))
	},
	"ReduceLogSumExp": func(v []float64) float64 {
		m := math.Inf(-1)
		for _, x := range v {
			m = math.Max(m, x)
		}
		if math.IsInf(m, 0) {
			return m
		}
		var s float64
		for _, x := range v {
			s += math.Exp(x - m)
		}
		return m + math.Log(s)
	},
	"ReduceSumSquare": sumSquare,
}

func sumSquare(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return s
}

// buildReduce builds the Reduce* operators. Their axes moved from an
// attribute to input 1 in opset 13 for ReduceSum and opset 18 for the others.
func buildReduce(n *Node) (Kernel, error) {
	f := reducers[n.Op]
	since := 18
	if n.Op == "ReduceSum" {
		since = 13
	}
	keep := n.Int("keepdims", 1) != 0
	noopEmpty := n.Int("noop_with_empty_axes", 0) != 0
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		axes, err := axesArg(n, in, 1, since)
		if err != nil {
			return nil, err
		}
		if len(axes) == 0 && noopEmpty {
			return one(t), nil
		}
		return result(reduce(t, axes, keep, f))
	}), nil
}

func reduce(t *tensor.Tensor, axes []int64, keep bool, f reducer) (*tensor.Tensor, error) {
	shape := t.Shape()
	r := len(shape)
	reduced := make([]bool, r)
	for _, a := range axes {
		ax, err := axis(a, r)
		if err != nil {
			return nil, err
		}
		reduced[ax] = true
	}
	if len(axes) == 0 {
		for i := range reduced {
			reduced[i] = true
		}
	}
	// Permute the reduced axes last, so each group is contiguous.
	var perm []int64
	var outShape, kept []int
	group := 1
	for i, d := range shape {
		if !reduced[i] {
			perm = append(perm, int64(i))
			kept = append(kept, d)
			outShape = append(outShape, d)
		} else if keep {
			outShape = append(outShape, 1)
		}
	}
	for i, d := range shape {
		if reduced[i] {
			perm = append(perm, int64(i))
			group *= d
		}
	}
	x, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	if r > 0 {
		xt, _ := tensor.New(shape, x)
		pt, err := transpose(xt, perm)
		if err != nil {
			return nil, err
		}
		x = pt.Data().([]float64)
	}
	out := make([]float64, product(kept))
	for i := range out {
		out[i] = f(x[i*group : (i+1)*group])
	}
	if outShape == nil {
		outShape = []int{}
	}
	res, err := tensor.New(outShape, out)
	if err != nil {
		return nil, err
	}
	return Cast(res, t.DType())
}
