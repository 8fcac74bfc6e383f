//go:build !purego

package gemm

// finishVector finishes the longest prefix of c that is whole AVX2 vectors
// and returns its length; finishGo does the rest.
func finishVector[T Float](c []T, b T, r []T, relu bool) int {
	if !hasAVX2 {
		return 0
	}
	switch c := any(c).(type) {
	case []float32:
		n := len(c) &^ 7
		if n > 0 {
			finishF32AVX2(n, &c[0], any(b).(float32), first(any(r).([]float32)), relu)
		}
		return n
	case []float64:
		n := len(c) &^ 3
		if n > 0 {
			finishF64AVX2(n, &c[0], any(b).(float64), first(any(r).([]float64)), relu)
		}
		return n
	}
	return 0
}

// first returns a pointer to r's first element, nil for an empty r.
func first[T Float](r []T) *T {
	if len(r) == 0 {
		return nil
	}
	return &r[0]
}

// finishF32AVX2 and finishF64AVX2 (epilogue_amd64.s) are Finish for n
// elements, a multiple of 8 (float32) or 4 (float64); r may be nil.
//
//go:noescape
func finishF32AVX2(n int, c *float32, b float32, r *float32, relu bool)

//go:noescape
func finishF64AVX2(n int, c *float64, b float64, r *float64, relu bool)
