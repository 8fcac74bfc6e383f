package vmath

import "math"

// exp32 is e^x in single precision: x = n·ln2 + r with |r| ≤ ln2/2, and
// e^r from a degree-6 polynomial (Cephes' expf coefficients). Arguments
// are clamped to where the result is a normal float.
func exp32(x float32) float32 {
	x = min(max(x, -87), 88)
	// Adding and taking away 1.5·2^23 rounds to the nearest integer.
	n := (x*math.Log2E + 0x1.8p23) - 0x1.8p23
	r := x - n*0.693359375 + n*2.12194440e-4
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	y := p*r*r + r + 1
	return y * math.Float32frombits(uint32(int32(n)+127)<<23)
}

func sigmoid32(x float32) float32 { return 1 / (1 + exp32(-x)) }

// tanh32 uses 1 - 2/(e^2|x| + 1) away from 0, and near 0, where that
// cancels, Cephes' odd polynomial.
func tanh32(x float32) float32 {
	a := x
	if a < 0 {
		a = -a
	}
	if a > 0.625 {
		t := 1 - 2/(exp32(2*a)+1)
		if x < 0 {
			t = -t
		}
		return t
	}
	z := x * x
	p := float32(-5.70498872745e-3)
	p = p*z + 2.06390887954e-2
	p = p*z - 5.37397155531e-2
	p = p*z + 1.33314422036e-1
	p = p*z - 3.33332819422e-1
	return p*z*x + x
}

// apply replaces each value of v by f of it.
func apply(f func(float32) float32, v []float32) {
	for j, x := range v {
		v[j] = f(x)
	}
}
