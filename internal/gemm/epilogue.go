package gemm

import "fmt"

// Finish sets each c[i] to c[i] + b + r[i] (c[i] + b when r is nil), then,
// when relu, to max(·, 0): the epilogue of a layer whose bias, residual Add
// and Relu are fused into the product. It rounds after each addition as the
// separate operators do, so its results are bit-identical to theirs. A
// non-nil r must hold at least len(c) values; Finish panics otherwise.
func Finish[T Float](c []T, b T, r []T, relu bool) {
	if r != nil {
		if len(r) < len(c) {
			panic(fmt.Sprintf("gemm: residual has %d elements, want %d", len(r), len(c)))
		}
		r = r[:len(c)]
	}
	n := finishVector(c, b, r, relu)
	if r != nil {
		r = r[n:]
	}
	finishGo(c[n:], b, r, relu)
}

// finishGo is Finish without vector instructions.
func finishGo[T Float](c []T, b T, r []T, relu bool) {
	switch {
	case r != nil && relu:
		r = r[:len(c)]
		for i := range c {
			c[i] = max(c[i]+b+r[i], 0)
		}
	case r != nil:
		r = r[:len(c)]
		for i := range c {
			c[i] = c[i] + b + r[i]
		}
	case relu:
		for i := range c {
			c[i] = max(c[i]+b, 0)
		}
	default:
		for i := range c {
			c[i] += b
		}
	}
}
