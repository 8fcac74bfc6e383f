package pickle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// input is a pickle stream held in memory. Reads return slices of it, so a
// length prefix can never make the VM allocate more than the input holds:
// a prefix beyond the end fails with io.ErrUnexpectedEOF.
type input struct {
	buf []byte
	pos int
}

func (in *input) byte() (byte, error) {
	if in.pos >= len(in.buf) {
		return 0, io.ErrUnexpectedEOF
	}
	b := in.buf[in.pos]
	in.pos++
	return b, nil
}

// bytes returns the next n bytes, sharing the input's memory; the capacity
// is clipped so that appending to the result cannot overwrite the input.
func (in *input) bytes(n uint64) ([]byte, error) {
	if left := uint64(len(in.buf) - in.pos); n > left {
		return nil, fmt.Errorf("length %d exceeds the %d bytes left: %w", n, left, io.ErrUnexpectedEOF)
	}
	end := in.pos + int(n)
	b := in.buf[in.pos:end:end]
	in.pos = end
	return b, nil
}

// uint reads an n-byte little-endian unsigned integer (n is 1, 2, 4 or 8).
func (in *input) uint(n int) (uint64, error) {
	b, err := in.bytes(uint64(n))
	if err != nil {
		return 0, err
	}
	switch n {
	case 1:
		return uint64(b[0]), nil
	case 2:
		return uint64(binary.LittleEndian.Uint16(b)), nil
	case 4:
		return uint64(binary.LittleEndian.Uint32(b)), nil
	}
	return binary.LittleEndian.Uint64(b), nil
}

// sized reads an n-byte length prefix and then that many bytes.
func (in *input) sized(n int) ([]byte, error) {
	l, err := in.uint(n)
	if err != nil {
		return nil, err
	}
	return in.bytes(l)
}

// line returns the bytes up to the next newline, which it consumes.
func (in *input) line() ([]byte, error) {
	i := bytes.IndexByte(in.buf[in.pos:], '\n')
	if i < 0 {
		return nil, fmt.Errorf("unterminated line: %w", io.ErrUnexpectedEOF)
	}
	l := in.buf[in.pos : in.pos+i]
	in.pos += i + 1
	return l, nil
}
