package sklearn

import "math"

// The RBF kernel calls exp once per support vector, and math.Exp was a third
// of an SVC prediction. exp below is the table method (as in glibc and
// musl): exp(x) = 2^(k/N) · exp(r) with |r| ≤ ln2/2N, where 2^(j/N) comes
// from a table and exp(r) from a short Taylor series. With N = 128 the
// series' first dropped term is below 2^-60, so results are within 2 ulp of
// math.Exp (tested), far inside the tolerance scikit-learn's outputs are
// checked with.

const (
	expBits  = 7
	expN     = 1 << expBits
	expInvLn = expN / math.Ln2
)

// expTable[j] = 2^(j/N).
var expTable = func() (t [expN]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / expN)
	}
	return t
}()

// exp returns e**x. Outside the range where the result is a normal float it
// defers to math.Exp, which handles overflow, underflow, NaN and ±Inf.
func exp(x float64) float64 {
	if !(x > -708 && x < 709) {
		return math.Exp(x)
	}
	// Adding 1.5·2^52 rounds to the nearest integer (ties to even) and
	// leaves it in the low bits, cheaper than math.Round.
	const shift = 0x1.8p52
	kd := x*expInvLn + shift
	ki := int64(math.Float64bits(kd) - math.Float64bits(shift))
	k := kd - shift
	// r = x - k·ln2/N in two parts, so the subtraction loses no bits.
	// hi has its low bits zero, so k·hi is exact for every k used here.
	const hi, lo = 0.00541521234663378, 1.4907929134926466e-12 // hi+lo = ln2/N
	r := (x - k*hi) - k*lo
	j := ki & (expN - 1)
	e := (ki - j) >> expBits
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120)))))
	// 2^e is a normal float for every e this range of x gives.
	return expTable[j] * p * math.Float64frombits(uint64(e+1023)<<52)
}
