package gemm

// problem is one call's operands, shared read-only by its goroutines; each
// computes a block of c.
type problem[T Float] struct {
	kern           *kernel[T]
	transA, transB bool
	alpha          T
	a, b, c        []T
	lda, ldb, ldc  int
	k              int
	// packed, when set, is alpha·op(a) already packed by PackA.
	packed []T
}

// at returns alpha·op(a)[i, q].
func (p *problem[T]) at(i, q int) T {
	switch {
	case p.packed != nil:
		return p.packed[i/mr*mr*p.k+q*mr+i%mr]
	case p.transA:
		return p.alpha * p.a[q*p.lda+i]
	}
	return p.alpha * p.a[i*p.lda+q]
}

// block adds alpha·op(a)·op(b) into rows [i0, i1) and columns [j0, j1) of c,
// one cache block at a time.
func (p *problem[T]) block(i0, i1, j0, j1 int) {
	if i1-i0 == 1 {
		p.gemv(i0, j0, j1)
		return
	}
	kn := p.kern
	panels := (min(kn.nc, j1-j0) + kn.nr - 1) / kn.nr
	ws := kn.workspace(panels * kn.nr * kn.kc)
	defer kn.pool.Put(ws)
	direct := !p.transB && (i1-i0 <= kn.directM || p.ldb <= kn.directLD)
	for jc := j0; jc < j1; jc += kn.nc {
		nc := min(kn.nc, j1-jc)
		for pc := 0; pc < p.k; pc += kn.kc {
			kc := min(kn.kc, p.k-pc)
			if !direct {
				p.packB(ws.b, pc, kc, jc, nc)
			}
			for ic := i0; ic < i1; ic += kn.mc {
				mc := min(kn.mc, i1-ic)
				if p.packed == nil {
					p.packA(ws.a, ic, mc, pc, kc)
				}
				p.macro(ws, ic, mc, jc, nc, pc, kc, direct)
			}
		}
	}
}

// macro runs the micro-kernel over an mc×nc block of c from packed A and
// packed (or, when direct, unpacked) B. Tiles that overhang the block are
// computed into ws.tile and added to c in part.
func (p *problem[T]) macro(ws *workspace[T], ic, mc, jc, nc, pc, kc int, direct bool) {
	kn := p.kern
	nr := kn.nr
	for jr := 0; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		bp, ldb := ws.b[jr*kc:], nr
		if direct {
			if cols == nr {
				bp, ldb = p.b[pc*p.ldb+jc+jr:], p.ldb
			} else {
				p.packB(ws.b, pc, kc, jc+jr, cols)
				bp = ws.b
			}
		}
		for ir := 0; ir < mc; ir += mr {
			rows := min(mr, mc-ir)
			ap := ws.a[ir*kc:]
			if p.packed != nil {
				// Panels of PackA span all of k.
				ap = p.packed[(ic+ir)*p.k+pc*mr:]
			}
			c := p.c[(ic+ir)*p.ldc+jc+jr:]
			if rows == mr && cols == nr {
				kn.micro(kc, ap, bp, ldb, c, p.ldc)
				continue
			}
			clear(ws.tile)
			kn.micro(kc, ap, bp, ldb, ws.tile, nr)
			for r := range rows {
				dst := c[r*p.ldc : r*p.ldc+cols]
				for j, v := range ws.tile[r*nr : r*nr+cols] {
					dst[j] += v
				}
			}
		}
	}
}
