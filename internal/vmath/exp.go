package vmath

// Exp replaces each value x of v by e^x, to a few ULPs where the result
// is a normal float; it overflows to +Inf, underflows through the
// subnormals to 0 and keeps NaNs.
func Exp(v []float32) { each(expVec, expFull, v) }

// e^88 and e^-87 rounded to float32: the scales that carry exp32 past
// its clamps.
const (
	exp88      = 1.6516363e38
	expMinus87 = 1.6458115e-38
)

// expFull is exp32 over the whole float32 line: beyond its clamps, whose
// shifts are exact, one more rounding of a scale by e^±87-ish brings the
// result to +Inf or through the subnormals to 0.
func expFull(x float32) float32 {
	switch {
	case x > 88:
		return exp32(x-88) * exp88
	case x < -87:
		return exp32(x+87) * expMinus87
	}
	return exp32(x)
}
