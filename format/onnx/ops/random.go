package ops

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/slipwayml/slipway/tensor"
)

// randomOps are the operators that draw random numbers.
var randomOps = map[string]bool{
	"Bernoulli": true, "Multinomial": true,
	"RandomNormal": true, "RandomNormalLike": true, "RandomUniform": true, "RandomUniformLike": true,
}

// Random reports whether an operator draws random numbers. Its outputs
// are draws rather than a function of its inputs, and an unseeded node
// must draw afresh on every run, so the loader never folds it into a
// constant.
func Random(domain, typ string) bool { return Domain(domain) == "" && randomOps[typ] }

// generator makes the random source of one kernel call. Every call of a
// seeded node draws the same numbers, so its outputs are reproducible;
// every call of an unseeded node draws fresh ones. Each call owns its
// source, so concurrent calls share no state.
type generator struct {
	seeded bool
	seed   uint64
}

// seedStream is PCG's second seed word for seeded nodes; any constant
// will do.
const seedStream = 0x5eed

func newGenerator(n *Node) generator {
	if !n.Has("seed") {
		return generator{}
	}
	// The spec makes the seed a float; its bits keep 0.5 apart from 0.
	return generator{seeded: true, seed: uint64(math.Float32bits(n.Float("seed", 0)))}
}

func (g generator) rand() *rand.Rand {
	if g.seeded {
		return rand.New(rand.NewPCG(g.seed, seedStream))
	}
	return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
}

// draw returns one sample of a distribution.
type draw func(r *rand.Rand) float64

// normal draws from N(mean, scale²).
func normal(n *Node) draw {
	mean, scale := float64(n.Float("mean", 0)), float64(n.Float("scale", 1))
	return func(r *rand.Rand) float64 { return mean + scale*r.NormFloat64() }
}

// uniform draws from [low, high).
func uniform(n *Node) draw {
	low, high := float64(n.Float("low", 0)), float64(n.Float("high", 1))
	return func(r *rand.Rand) float64 { return low + (high-low)*r.Float64() }
}

func buildRandomNormal(n *Node) (Kernel, error)  { return buildRandom(n, normal(n)) }
func buildRandomUniform(n *Node) (Kernel, error) { return buildRandom(n, uniform(n)) }

func buildRandomNormalLike(n *Node) (Kernel, error)  { return buildRandomLike(n, normal(n)) }
func buildRandomUniformLike(n *Node) (Kernel, error) { return buildRandomLike(n, uniform(n)) }

// buildRandom fills a tensor of the shape attribute, in dtype (default
// FLOAT), with draws of d.
func buildRandom(n *Node, d draw) (Kernel, error) {
	dt, err := floatDType(n, tensor.Float32)
	if err != nil {
		return nil, err
	}
	if !n.Has("shape") {
		return nil, fmt.Errorf("shape is required")
	}
	shape := ints(n.Ints("shape"))
	if _, err := numElements(shape); err != nil {
		return nil, err
	}
	gen := newGenerator(n)
	return func(ctx context.Context, in []Value) ([]Value, error) {
		return result(sample(gen.rand(), d, dt, shape))
	}, nil
}

// buildRandomLike fills a tensor of the input's shape, in dtype (default:
// the input's), with draws of d.
func buildRandomLike(n *Node, d draw) (Kernel, error) {
	dt, err := floatDType(n, tensor.Invalid)
	if err != nil {
		return nil, err
	}
	if len(n.InputTypes) > 0 && n.InputTypes[0] != tensor.Invalid {
		if _, err := likeDType(dt, n.InputTypes[0]); err != nil {
			return nil, err
		}
	}
	return withRandomInput(n, func(r *rand.Rand, t *tensor.Tensor) ([]Value, error) {
		to, err := likeDType(dt, t.DType())
		if err != nil {
			return nil, err
		}
		return result(sample(r, d, to, t.Shape()))
	}), nil
}

// withRandomInput returns a kernel that passes input 0 and a fresh random
// source to f.
func withRandomInput(n *Node, f func(r *rand.Rand, t *tensor.Tensor) ([]Value, error)) Kernel {
	gen := newGenerator(n)
	return withInput(func(_ context.Context, t *tensor.Tensor, _ []Value) ([]Value, error) {
		return f(gen.rand(), t)
	})
}

// likeDType returns the output type of a node with dtype attribute dt
// (Invalid when absent) and input type in.
func likeDType(dt, in tensor.DType) (tensor.DType, error) {
	if dt != tensor.Invalid {
		return dt, nil
	}
	if !in.IsFloat() {
		return tensor.Invalid, fmt.Errorf("input is %v and no dtype is given; want a floating-point output type", in)
	}
	return in, nil
}

// floatDType returns the dtype attribute, which must name a floating-point
// type, or def when it is absent.
func floatDType(n *Node, def tensor.DType) (tensor.DType, error) {
	dt, err := optionalDType(n, "dtype")
	switch {
	case err != nil:
		return tensor.Invalid, err
	case dt == tensor.Invalid:
		return def, nil
	case !dt.IsFloat():
		return tensor.Invalid, fmt.Errorf("dtype %v is not a floating-point type", dt)
	}
	return dt, nil
}

// sample returns a tensor of dt and shape holding draws of d.
func sample(r *rand.Rand, d draw, dt tensor.DType, shape []int) (*tensor.Tensor, error) {
	size, err := numElements(shape)
	if err != nil {
		return nil, err
	}
	v := make([]float64, size)
	for i := range v {
		v[i] = d(r)
	}
	return fromFloat64s(dt, shape, v)
}
