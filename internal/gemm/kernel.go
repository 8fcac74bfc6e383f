package gemm

import "sync"

// mr is the number of rows of c a micro-kernel computes, for both types.
const mr = 6

// microFunc adds the mr×nr product of a packed A micro-panel (k steps of mr
// values) and a B micro-panel (k rows of nr values, ldb apart) into c.
type microFunc[T Float] func(k int, a, b []T, ldb int, c []T, ldc int)

// microKernel is a micro-kernel and the number of columns it computes.
type microKernel[T Float] struct {
	name  string
	nr    int
	micro microFunc[T]
}

// kernel is the micro-kernel in use with the block sizes that keep its
// operands in cache (an mc×kc block of A in L2, a kc×nr panel of B in L1)
// and the kernels of products with one row of A.
type kernel[T Float] struct {
	microKernel[T]
	mc, kc, nc int
	// B is read in place rather than packed when c has at most directM
	// rows, too few to repay packing, or when its rows are at most
	// directLD apart, so that a panel of it spans few pages anyway
	// (measured by BenchmarkMul's conv shapes).
	directM, directLD int
	vectorKernels[T]
	pool sync.Pool // of *workspace[T]
}

// f32 and f64 use the fastest micro-kernel the CPU runs (the first of the
// architecture's list) and the assembly vector kernels where it has them.
var (
	f32 = &kernel[float32]{microKernel: microKernels32()[0], mc: 96, kc: 256, nc: 4096, directM: 16, directLD: 512,
		vectorKernels: vectorKernels32}
	f64 = &kernel[float64]{microKernel: microKernels64()[0], mc: 96, kc: 256, nc: 2048, directM: 16, directLD: 512,
		vectorKernels: vectorKernels64}
)

func kernelFor[T Float]() *kernel[T] {
	var k any
	switch any(T(0)).(type) {
	case float32:
		k = f32
	case float64:
		k = f64
	}
	return k.(*kernel[T])
}

// vectorKernels are the kernels of products with one row of A.
type vectorKernels[T Float] struct {
	axpy4 axpy4Func[T]
	dot4  dot4Func[T]
}

// goMicro returns the portable micro-kernel for nr columns (at most 32).
func goMicro[T Float](nr int) microKernel[T] {
	return microKernel[T]{name: "go", nr: nr, micro: func(k int, a, b []T, ldb int, c []T, ldc int) {
		var acc [mr * 32]T
		for p := range k {
			bp := b[p*ldb : p*ldb+nr]
			for i, av := range a[p*mr : p*mr+mr] {
				row := acc[i*nr : i*nr+nr]
				for j, bv := range bp {
					row[j] += av * bv
				}
			}
		}
		for i := range mr {
			row := c[i*ldc : i*ldc+nr]
			for j := range row {
				row[j] += acc[i*nr+j]
			}
		}
	}}
}

// workspace holds one goroutine's packed blocks and an edge tile.
type workspace[T Float] struct {
	a, b, tile []T
}

// workspace returns a workspace whose b holds at least nb elements: a
// product with few columns need not pay for a full kc×nc block.
func (kn *kernel[T]) workspace(nb int) *workspace[T] {
	ws, ok := kn.pool.Get().(*workspace[T])
	if !ok {
		ws = &workspace[T]{a: make([]T, kn.mc*kn.kc)}
	}
	if len(ws.b) < nb {
		ws.b = make([]T, nb)
	}
	if len(ws.tile) < mr*kn.nr { // tests switch micro-kernels
		ws.tile = make([]T, mr*kn.nr)
	}
	return ws
}
