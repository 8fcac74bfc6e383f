package savedmodel

import (
	"errors"
	"fmt"

	"github.com/klauspost/compress/snappy"
)

// maxBlockBytes bounds a decompressed table block; TensorFlow writes 4 KiB
// to 1 MiB blocks.
const maxBlockBytes = 64 << 20

var errSnappy = errors.New("corrupt snappy block")

// unsnappy decompresses one Snappy block (the raw format, not the framed
// stream), refusing blocks that claim more than maxBlockBytes before
// allocating for them.
func unsnappy(src []byte) ([]byte, error) {
	n, err := snappy.DecodedLen(src)
	if err != nil || n > maxBlockBytes {
		return nil, fmt.Errorf("%w: bad length header", errSnappy)
	}
	out, err := snappy.Decode(nil, src)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errSnappy, err)
	}
	return out, nil
}
