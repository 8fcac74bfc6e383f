package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/internal/rbf"
)

// kernelKind is one of libsvm's kernel types.
type kernelKind int

const (
	kernelLinear kernelKind = iota
	kernelPoly
	kernelRBF
	kernelSigmoid
	kernelPrecomputed
)

var kernelNames = map[string]kernelKind{
	"linear":      kernelLinear,
	"poly":        kernelPoly,
	"rbf":         kernelRBF,
	"sigmoid":     kernelSigmoid,
	"precomputed": kernelPrecomputed,
}

// kernel is libsvm's k_function with the parameters scikit-learn fitted:
// gamma is the resolved _gamma (after 'scale'/'auto'), degree an integer as
// libsvm takes it.
type kernel struct {
	kind   kernelKind
	gamma  float64
	coef0  float64
	degree int
}

// decodeKernel reads kernel, _gamma, coef0 and degree.
func decodeKernel(s state) (kernel, error) {
	v, err := s.raw("kernel")
	if err != nil {
		return kernel{}, err
	}
	name, ok := v.(string)
	if !ok {
		return kernel{}, fmt.Errorf("kernel is %v (%T); only the named kernels linear, poly, rbf, sigmoid and precomputed are supported", v, v)
	}
	kind, ok := kernelNames[name]
	if !ok {
		return kernel{}, fmt.Errorf("unknown kernel %q", name)
	}
	k := kernel{kind: kind}
	if kind == kernelLinear || kind == kernelPrecomputed {
		return k, nil
	}
	if k.gamma, err = s.float("_gamma"); err != nil {
		return kernel{}, err
	}
	if kind == kernelRBF {
		return k, nil
	}
	if k.coef0, err = s.float("coef0"); err != nil {
		return kernel{}, err
	}
	if kind == kernelPoly {
		d, err := s.float("degree")
		if err != nil {
			return kernel{}, err
		}
		// libsvm's degree is a C int; scikit-learn rejects the rest at fit.
		if d != math.Trunc(d) || d < 0 || d > math.MaxInt32 {
			return kernel{}, fmt.Errorf("degree %v is not a non-negative integer", d)
		}
		k.degree = int(d)
	}
	return k, nil
}

// eval fills kv[i] with the kernel between x and support vector i of the
// row-major sv (nFeatures columns); vectors is the RBF kernel's copy of sv
// laid out for the distance kernel. Precomputed kernels read x, a row of the
// kernel matrix, at each support vector's training index instead.
func (k kernel) eval(x, sv []float64, vectors *rbf.Vectors, support []int, kv []float64) {
	n := len(x)
	switch k.kind {
	case kernelPrecomputed:
		for i, j := range support {
			kv[i] = x[j]
		}
	case kernelRBF:
		vectors.Kernel(k.gamma, x, kv)
	default:
		for i := range kv {
			v := sv[i*n : (i+1)*n]
			dot := 0.0
			for j, xj := range x {
				dot += xj * v[j]
			}
			kv[i] = k.fromDot(dot)
		}
	}
}

// fromDot finishes the dot-product kernels.
func (k kernel) fromDot(dot float64) float64 {
	switch k.kind {
	case kernelPoly:
		return powi(k.gamma*dot+k.coef0, k.degree)
	case kernelSigmoid:
		return math.Tanh(k.gamma*dot + k.coef0)
	}
	return dot
}

// powi is libsvm's integer power by squaring; its rounding differs from
// math.Pow in the last bits.
func powi(base float64, times int) float64 {
	ret := 1.0
	for t := times; t > 0; t /= 2 {
		if t%2 == 1 {
			ret *= base
		}
		base *= base
	}
	return ret
}
