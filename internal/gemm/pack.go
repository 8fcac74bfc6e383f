package gemm

// packA copies alpha·op(a)[ic:ic+mc, pc:pc+kc] into dst as micro-panels of
// mr rows, each stored k-major (mr values per step), zero-padding the last.
func (p *problem[T]) packA(dst []T, ic, mc, pc, kc int) {
	for ir := 0; ir < mc; ir += mr {
		panel := dst[ir*kc : (ir+mr)*kc]
		rows := min(mr, mc-ir)
		if rows < mr {
			clear(panel)
		}
		i := ic + ir
		if p.transA {
			for q := range kc {
				src := p.a[(pc+q)*p.lda+i:][:rows]
				for r, v := range src {
					panel[q*mr+r] = p.alpha * v
				}
			}
			continue
		}
		for r := range rows {
			src := p.a[(i+r)*p.lda+pc:][:kc]
			for q, v := range src {
				panel[q*mr+r] = p.alpha * v
			}
		}
	}
}

// packB copies op(b)[pc:pc+kc, jc:jc+nc] into dst as micro-panels of nr
// columns, each stored row by row, zero-padding the last.
func (p *problem[T]) packB(dst []T, pc, kc, jc, nc int) {
	nr := p.kern.nr
	for jr := 0; jr < nc; jr += nr {
		panel := dst[jr*kc : (jr+nr)*kc]
		cols := min(nr, nc-jr)
		j := jc + jr
		if p.transB {
			if cols < nr {
				clear(panel)
			}
			for c := range cols {
				src := p.b[(j+c)*p.ldb+pc:][:kc]
				for q, v := range src {
					panel[q*nr+c] = v
				}
			}
			continue
		}
		for q := range kc {
			row := panel[q*nr : (q+1)*nr]
			clear(row[copy(row, p.b[(pc+q)*p.ldb+j:][:cols]):])
		}
	}
}
