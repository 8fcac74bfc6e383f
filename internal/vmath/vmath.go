package vmath

// Sigmoid replaces each value x of v by 1/(1+e^-x), to a few ULPs.
func Sigmoid(v []float32) { each(sigmoidVec, sigmoid32, v) }

// Tanh replaces each value of v by its hyperbolic tangent, to a few ULPs.
func Tanh(v []float32) { each(tanhVec, tanh32, v) }

// each runs vec over the whole vectors at the start of v and f over the
// values after them.
func each(vec func([]float32), f func(float32) float32, v []float32) {
	n := vectorPrefix(len(v))
	if n > 0 {
		vec(v[:n])
	}
	apply(f, v[n:])
}
