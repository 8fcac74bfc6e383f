package pickle

// This file states the package's entry points; the VM implements them.
// (Placeholder bodies until the VM lands.)

import (
	"errors"
	"fmt"
	"io"
)

// Options bound what Load accepts. The zero value uses the defaults below
// and allows only the built-in safe globals (numpy arrays and dtypes,
// joblib's array wrapper, copyreg's reconstructor, OrderedDict, set…).
type Options struct {
	// Allow reports whether a global outside the built-in safe set may be
	// referenced; an allowed class is instantiated as an inert *Object.
	Allow func(g Global) bool
	// MaxBytes bounds the decompressed input size (default 1 GiB).
	MaxBytes int64
	// MaxMemo bounds the memo entries (default 1<<20).
	MaxMemo int
	// MaxDepth bounds the nesting of containers (default 1000).
	MaxDepth int
}

// ForbiddenError reports a global that is not on the allow-list. Nothing
// is executed when it is returned.
type ForbiddenError struct{ Global Global }

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("pickle: refusing global %s: not on the allow-list (loading it could run code)", e.Global)
}

// ErrLimit is wrapped by errors for inputs over a size, memo or depth limit.
var ErrLimit = errors.New("pickle: limit exceeded")

// Load decodes one pickle stream from r.
func Load(r io.Reader, opts Options) (any, error) {
	return nil, errors.New("pickle: not implemented")
}

// LoadFile decodes a pickle or joblib file (plain or compressed with zlib,
// gzip, bz2, xz, lzma or lz4).
func LoadFile(path string, opts Options) (any, error) {
	return nil, errors.New("pickle: not implemented")
}

// IsPickle reports whether head (a file's first bytes) looks like a pickle
// or joblib file.
func IsPickle(head []byte) bool { return false }
