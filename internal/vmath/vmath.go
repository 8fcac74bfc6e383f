package vmath

// Sigmoid replaces each value x of v by 1/(1+e^-x), to a few ULPs.
func Sigmoid(v []float32) {
	n := vectorPrefix(len(v))
	if n > 0 {
		sigmoidVec(v[:n])
	}
	apply(sigmoid32, v[n:])
}

// Tanh replaces each value of v by its hyperbolic tangent, to a few ULPs.
func Tanh(v []float32) {
	n := vectorPrefix(len(v))
	if n > 0 {
		tanhVec(v[:n])
	}
	apply(tanh32, v[n:])
}
