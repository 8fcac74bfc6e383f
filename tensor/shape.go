package tensor

import (
	"errors"
	"fmt"
	"math"
)

// MaxElements bounds the element count of any tensor built from untrusted
// input, so a request cannot ask for an allocation the process cannot make.
const MaxElements = 1 << 31

// ErrShape is wrapped by every shape error.
var ErrShape = errors.New("invalid shape")

// NumElements returns the product of shape's dimensions, refusing negative
// dimensions and products that overflow or exceed MaxElements.
func NumElements(shape []int) (int, error) {
	n := 1
	for i, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("%w: dimension %d is negative (%d)", ErrShape, i, d)
		}
		if d != 0 && n > math.MaxInt/d {
			return 0, fmt.Errorf("%w: product of %v overflows", ErrShape, shape)
		}
		n *= d
	}
	if n > MaxElements {
		return 0, fmt.Errorf("%w: %v has %d elements, more than the limit of %d", ErrShape, shape, n, MaxElements)
	}
	return n, nil
}
