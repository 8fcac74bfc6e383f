package gemm

// AddRows adds Σ_t w[t]·rows[t][:len(y)] into y: a row vector times a
// matrix given by its rows, such as the shifted input rows the taps of a
// depthwise convolution read. Each row must hold len(y) values; AddRows
// panics otherwise.
func AddRows[T Float](y, w []T, rows [][]T) {
	kn := kernelFor[T]()
	t := 0
	for ; t+4 <= len(rows); t += 4 {
		x := [4]T{w[t], w[t+1], w[t+2], w[t+3]}
		r := [4][]T{rows[t], rows[t+1], rows[t+2], rows[t+3]}
		kn.axpy4(x, r, y)
	}
	for ; t < len(rows); t++ {
		wt := w[t]
		for j, v := range rows[t][:len(y)] {
			y[j] += wt * v
		}
	}
}
