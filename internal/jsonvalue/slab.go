package jsonvalue

// slab hands out exact-size slices carved from larger allocations, so a
// document's many small arrays and objects cost few allocations. A retained
// slice keeps its whole chunk alive, which suits request-scoped trees.
type slab[T any] struct {
	free  []T
	chunk int // elements per allocation
}

func (s *slab[T]) alloc(n int) []T {
	if n > len(s.free) {
		if n >= s.chunk {
			return make([]T, n)
		}
		s.free = make([]T, s.chunk)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}
