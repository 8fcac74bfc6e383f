package ops

import "github.com/slipwayml/slipway/tensor"

// transposedWeights returns constant input i, the weights W or R of shape
// [dirs, gates·hidden, cols], transposed per direction to
// [dirs, cols, gates·hidden], or nil when it is not a float constant of
// that shape. Transposed, the products stream rows of the weights in
// place: the input projection needs no packing and each step's recurrence
// adds rows of R instead of reducing a dot product per output.
func transposedWeights(n *Node, i int, s rnnSpec) any {
	if len(n.Consts) <= i {
		return nil
	}
	w, ok := n.Consts[i].(*tensor.Tensor)
	if !ok {
		return nil
	}
	gh := s.kind.gates() * s.hidden
	sh := w.Shape()
	if len(sh) != 3 || sh[0] != s.dirs || sh[1] != gh || !n.mayKeep(w.Len()) {
		return nil
	}
	if v, ok := tensor.Values[float32](w); ok {
		return transposeDirs(v, s.dirs, gh, sh[2])
	}
	if v, ok := tensor.Values[float64](w); ok {
		return transposeDirs(v, s.dirs, gh, sh[2])
	}
	return nil
}

// transposeDirs transposes each of the dirs rows×cols matrices of v.
func transposeDirs[T float](v []T, dirs, rows, cols int) []T {
	out := make([]T, len(v))
	for d := range dirs {
		src, dst := v[d*rows*cols:(d+1)*rows*cols], out[d*rows*cols:(d+1)*rows*cols]
		for i := range rows {
			for j, x := range src[i*cols : (i+1)*cols] {
				dst[j*rows+i] = x
			}
		}
	}
	return out
}

// transposed returns the transposed weights t when they hold T and want
// values, as the input they were built from does; else nil.
func transposed[T float](t any, want int) []T {
	v, _ := t.([]T)
	if len(v) != want {
		return nil
	}
	return v
}
