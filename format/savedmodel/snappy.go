package savedmodel

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// maxBlockBytes bounds a decompressed table block; TensorFlow writes 4 KiB
// to 1 MiB blocks.
const maxBlockBytes = 64 << 20

var errSnappy = errors.New("corrupt snappy block")

// unsnappy decompresses one Snappy block (the raw format of
// google/snappy's format_description.txt, not the framed stream): the
// uncompressed length as a varint, then literals and back-references.
func unsnappy(src []byte) ([]byte, error) {
	n, k := binary.Uvarint(src)
	if k <= 0 || n > maxBlockBytes {
		return nil, fmt.Errorf("%w: bad length header", errSnappy)
	}
	src = src[k:]
	dst := make([]byte, 0, n)
	for len(src) > 0 {
		tag := src[0]
		var length, offset int
		switch tag & 3 {
		case 0: // literal; lengths over 60 follow in 1-4 bytes
			length = int(tag>>2) + 1
			src = src[1:]
			if extra := length - 60; extra > 0 {
				if len(src) < extra {
					return nil, fmt.Errorf("%w: truncated literal length", errSnappy)
				}
				var l uint64
				for i := range extra {
					l |= uint64(src[i]) << (8 * i)
				}
				if l >= maxBlockBytes {
					return nil, fmt.Errorf("%w: literal of %d bytes", errSnappy, l+1)
				}
				length, src = int(l)+1, src[extra:]
			}
			if len(src) < length || len(dst)+length > int(n) {
				return nil, fmt.Errorf("%w: literal overruns", errSnappy)
			}
			dst, src = append(dst, src[:length]...), src[length:]
			continue
		case 1:
			if len(src) < 2 {
				return nil, fmt.Errorf("%w: truncated copy", errSnappy)
			}
			length, offset = 4+int(tag>>2&7), int(tag>>5)<<8|int(src[1])
			src = src[2:]
		case 2:
			if len(src) < 3 {
				return nil, fmt.Errorf("%w: truncated copy", errSnappy)
			}
			length, offset = 1+int(tag>>2), int(binary.LittleEndian.Uint16(src[1:]))
			src = src[3:]
		case 3:
			if len(src) < 5 {
				return nil, fmt.Errorf("%w: truncated copy", errSnappy)
			}
			length, offset = 1+int(tag>>2), int(binary.LittleEndian.Uint32(src[1:]))
			src = src[5:]
		}
		if offset <= 0 || offset > len(dst) || len(dst)+length > int(n) {
			return nil, fmt.Errorf("%w: copy of %d bytes from offset %d at %d", errSnappy, length, offset, len(dst))
		}
		// Byte by byte: a copy may overlap the bytes it produces.
		for range length {
			dst = append(dst, dst[len(dst)-offset])
		}
	}
	if len(dst) != int(n) {
		return nil, fmt.Errorf("%w: %d bytes, header says %d", errSnappy, len(dst), n)
	}
	return dst, nil
}
