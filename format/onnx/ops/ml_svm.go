package ops

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/slipwayml/slipway/internal/rbf"

	"github.com/slipwayml/slipway/tensor"
)

// svmKernel is a support vector machine's kernel with its parameters.
type svmKernel struct {
	kind              string
	gamma, coef0, deg float64
	vectors           []float64    // support vectors (or linear coefficients), row-major
	rbf               *rbf.Vectors // RBF: the vectors laid out for the distance kernel
	count, features   int
	scratch           *sync.Pool // *[]float64 of count kernel values, reused across calls
}

func readSVMKernel(n *Node, vectors []float32, count int) (svmKernel, error) {
	k := svmKernel{kind: n.String("kernel_type", "LINEAR"), gamma: 0.1, deg: 3, count: count, scratch: new(sync.Pool)}
	if p := n.Floats("kernel_params"); len(p) > 0 {
		k.gamma = float64(p[0])
		if len(p) > 1 {
			k.coef0 = float64(p[1])
		}
		if len(p) > 2 {
			k.deg = float64(p[2])
		}
	}
	switch k.kind {
	case "LINEAR", "POLY", "RBF", "SIGMOID":
	default:
		return k, fmt.Errorf("unknown kernel_type %q", k.kind)
	}
	if count <= 0 || len(vectors)%count != 0 {
		return k, fmt.Errorf("%d support vector values do not divide into %d vectors", len(vectors), count)
	}
	k.vectors, k.features = widen[float32, float64](vectors), len(vectors)/count
	if k.kind == "RBF" {
		k.rbf = rbf.NewVectors(k.vectors, k.features)
	}
	return k, nil
}

// buffer returns room for the kernel values of one row, from the pool when
// it has some; give it back with k.scratch.Put.
func (k *svmKernel) buffer() *[]float64 {
	if b, ok := k.scratch.Get().(*[]float64); ok {
		return b
	}
	b := make([]float64, k.count)
	return &b
}

// eval writes K(x, v) for every support vector v into out.
func (k *svmKernel) eval(x, out []float64) {
	if k.kind == "RBF" {
		k.rbf.Kernel(k.gamma, x, out[:k.count])
		return
	}
	for v := range k.count {
		sv := k.vectors[v*k.features : (v+1)*k.features]
		var s float64
		for j, a := range x {
			s += a * sv[j]
		}
		switch k.kind {
		case "POLY":
			s = math.Pow(k.gamma*s+k.coef0, k.deg)
		case "SIGMOID":
			s = math.Tanh(k.gamma*s + k.coef0)
		}
		out[v] = s
	}
}

func (k *svmKernel) check(cols int) error {
	if cols != k.features {
		return fmt.Errorf("input has %d features, the support vectors %d", cols, k.features)
	}
	return nil
}

// buildSVMRegressor computes Σ coef·K(x, sv) + rho, or with no support
// vectors the linear x·coef + rho; one_class models output ±1.
func buildSVMRegressor(n *Node) (Kernel, error) {
	coef := widen[float32, float64](n.Floats("coefficients"))
	rho := float64(0)
	if r := n.Floats("rho"); len(r) > 0 {
		rho = float64(r[0])
	}
	oneClass := n.Int("one_class", 0) != 0
	post, err := parsePost(n)
	if err != nil {
		return nil, err
	}
	supports := int(n.Int("n_supports", 0))
	var k svmKernel
	if supports > 0 {
		if k, err = readSVMKernel(n, n.Floats("support_vectors"), supports); err != nil {
			return nil, err
		}
		if len(coef) != supports {
			return nil, fmt.Errorf("%d coefficients for %d support vectors", len(coef), supports)
		}
	} else {
		// Linear mode: the coefficients are the one "support vector".
		if k, err = readSVMKernel(n, n.Floats("coefficients"), 1); err != nil {
			return nil, err
		}
		k.kind, coef = "LINEAR", []float64{1}
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		if err := k.check(cols); err != nil {
			return nil, err
		}
		buf := k.buffer()
		defer k.scratch.Put(buf)
		kern := *buf
		out := make([]float64, rows)
		for r := range rows {
			k.eval(x[r*cols:(r+1)*cols], kern)
			s := rho
			for v, c := range coef {
				s += c * kern[v]
			}
			switch {
			case oneClass && s > 0:
				s = 1
			case oneClass:
				s = -1
			}
			out[r] = s
			post.apply(out[r : r+1])
		}
		return result(float32s([]int{rows, 1}, out))
	}), nil
}
