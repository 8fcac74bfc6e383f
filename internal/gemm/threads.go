package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
)

var threads atomic.Int64

// SetThreads sets how many goroutines one large product may use: 0 (the
// default) means runtime.GOMAXPROCS(0), 1 keeps every product on the
// calling goroutine. Negative values count as 0.
func SetThreads(n int) { threads.Store(int64(max(n, 0))) }

// Threads returns the number of goroutines a large product may use.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// minWork is the number of multiply-adds below which another goroutine
// costs more than it saves.
const minWork = 1 << 18

// run computes the m×n product, split into column (or, for tall narrow
// products, row) bands over goroutines when it is large enough.
func (p *problem[T]) run(m, n int) {
	nr := p.kern.nr
	byCols := (n+nr-1)/nr >= (m+mr-1)/mr
	unit, extent := mr, m
	if byCols {
		unit, extent = nr, n
	}
	units := (extent + unit - 1) / unit
	workers := min(Threads(), m*n*p.k/minWork, units)
	if workers <= 1 {
		p.block(0, m, 0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo := w * units / workers * unit
		hi := min((w+1)*units/workers*unit, extent)
		band := func() {
			if byCols {
				p.block(0, m, lo, hi)
			} else {
				p.block(lo, hi, 0, n)
			}
		}
		if w == workers-1 {
			band()
			break
		}
		wg.Go(band)
	}
	wg.Wait()
}
