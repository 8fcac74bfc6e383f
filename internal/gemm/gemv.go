package gemm

// gemv adds alpha·op(a)·op(b) into row i, columns [j0, j1) of c: for a
// single row, packing would cost as much as the product, so b is streamed
// in place, four rows at a time.
func (p *problem[T]) gemv(i, j0, j1 int) {
	y := p.c[i*p.ldc+j0 : i*p.ldc+j1]
	if p.transB {
		p.dots(i, y, p.b[j0*p.ldb:])
		return
	}
	q := 0
	for ; q+4 <= p.k; q += 4 {
		xs := [4]T{p.at(i, q), p.at(i, q+1), p.at(i, q+2), p.at(i, q+3)}
		rows := [4][]T{p.b[q*p.ldb+j0:], p.b[(q+1)*p.ldb+j0:], p.b[(q+2)*p.ldb+j0:], p.b[(q+3)*p.ldb+j0:]}
		p.kern.axpy4(xs, rows, y)
	}
	for ; q < p.k; q++ {
		xq := p.at(i, q)
		for j, v := range p.b[q*p.ldb+j0:][:len(y)] {
			y[j] += xq * v
		}
	}
}

// axpy4Func adds x[0]·rows[0][:n] + … + x[3]·rows[3][:n] into y[:n],
// n = len(y). Its arguments are values so that calls allocate nothing.
type axpy4Func[T Float] func(x [4]T, rows [4][]T, y []T)

func axpy4Go[T Float](x [4]T, rows [4][]T, y []T) {
	n := len(y)
	b0, b1, b2, b3 := rows[0][:n], rows[1][:n], rows[2][:n], rows[3][:n]
	for j := range y {
		y[j] += x[0]*b0[j] + x[1]*b1[j] + x[2]*b2[j] + x[3]*b3[j]
	}
}

// dots adds alpha·op(a)[i, :]·b[j·ldb:][:k] into each y[j], four rows of b
// at a time.
func (p *problem[T]) dots(i int, y, b []T) {
	var x []T
	scale := p.alpha
	if p.transA || p.packed != nil {
		x, scale = make([]T, p.k), 1
		for q := range x {
			x[q] = p.at(i, q)
		}
	} else {
		x = p.a[i*p.lda:][:p.k]
	}
	j := 0
	for ; j+4 <= len(y); j += 4 {
		for r, s := range p.kern.dot4(x, b[j*p.ldb:], p.ldb) {
			y[j+r] += scale * s
		}
	}
	for ; j < len(y); j++ {
		var sum T
		for q, v := range b[j*p.ldb:][:p.k] {
			sum += x[q] * v
		}
		y[j] += scale * sum
	}
}

// dot4Func returns Σ_q x[q]·b[r·ldb+q] for the four rows r of b.
type dot4Func[T Float] func(x, b []T, ldb int) [4]T

func dot4Go[T Float](x, b []T, ldb int) [4]T {
	k := len(x)
	b0, b1, b2, b3 := b[:k], b[ldb:ldb+k], b[2*ldb:2*ldb+k], b[3*ldb:3*ldb+k]
	var s0, s1, s2, s3 T
	for q, v := range x {
		s0 += v * b0[q]
		s1 += v * b1[q]
		s2 += v * b2[q]
		s3 += v * b3[q]
	}
	return [4]T{s0, s1, s2, s3}
}
