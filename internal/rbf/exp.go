package rbf

import "math"

// The RBF kernel calls exp once per support vector, and math.Exp was a third
// of an SVC prediction. Exp is the table method (as in glibc and musl):
// exp(x) = 2^(k/N) · exp(r) with |r| ≤ ln2/2N, where 2^(j/N) comes from a
// table and exp(r) from a short Taylor series. With N = 128 the
// series' first dropped term is below 2^-60, so results are within 2 ulp of
// math.Exp (tested), far inside the tolerance scikit-learn's and ONNX
// Runtime's outputs are checked with.

const (
	expBits  = 7
	expN     = 1 << expBits
	expInvLn = expN / math.Ln2
	// Arguments in (expMin, expMax) give normal results.
	expMin, expMax = -708, 709
	// Adding expShift = 1.5·2^52 rounds to the nearest integer (ties to
	// even) and leaves it in the low bits, cheaper than math.Round.
	expShift = 0x1.8p52
	// r = x − k·ln2/N is taken in two parts, so the subtraction loses no
	// bits: expHi has its low bits zero, so k·expHi is exact for every k
	// used here, and expHi + expLo = ln2/N.
	expHi, expLo = 0.00541521234663378, 1.4907929134926466e-12
)

// expTable[j] = 2^(j/N).
var expTable = func() (t [expN]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / expN)
	}
	return t
}()

// Exp returns e**x. Outside the range where the result is a normal float it
// defers to math.Exp, which handles overflow, underflow, NaN and ±Inf.
func Exp(x float64) float64 {
	if !(x > expMin && x < expMax) {
		return math.Exp(x)
	}
	// Every product is rounded on its own (float64(…)) so that no compiler
	// fuses it with an addition (as Go does for GOAMD64=v3): Exp and
	// expAVX2 then agree bit for bit.
	kd := float64(x*expInvLn) + expShift
	ki := int64(math.Float64bits(kd) - math.Float64bits(expShift))
	k := kd - expShift
	r := (x - float64(k*expHi)) - float64(k*expLo)
	j := ki & (expN - 1)
	e := (ki - j) >> expBits
	// p = 1 + r·(1 + r·(1/2 + r·(1/6 + r·(1/24 + r·(1/120))))), by Horner.
	p := float64(r*(1.0/120)) + 1.0/24
	p = float64(r*p) + 1.0/6
	p = float64(r*p) + 1.0/2
	p = float64(r*p) + 1
	p = float64(r*p) + 1
	// 2^e is a normal float for every e this range of x gives.
	return expTable[j] * p * math.Float64frombits(uint64(e+1023)<<52)
}

// expScaledGo is the portable expScaled.
func expScaledGo(scale float64, v []float64) {
	for i, a := range v {
		v[i] = Exp(scale * a)
	}
}
