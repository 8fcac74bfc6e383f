package pickle

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// Load decodes one pickle stream from r, which may be a joblib file that
// is not compressed. It reads r to its end (at most Options.MaxBytes).
//
// Values may share memory with each other and with the input (arrays'
// Data alias it), and lists, dicts and objects may form cycles.
func Load(r io.Reader, opts Options) (any, error) {
	opts = opts.withDefaults()
	data, err := readAll(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return decodeAll(data, &opts)
}

// LoadFile decodes a pickle or joblib file (plain or compressed with zlib,
// gzip, bz2, xz, lzma or lz4).
func LoadFile(path string, opts Options) (any, error) {
	opts = opts.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, err := br.Peek(magicLen)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(head) == 0 {
		return nil, fmt.Errorf("pickle: %s is empty", path)
	}
	r, err := decompress(head, br)
	if err != nil {
		return nil, fmt.Errorf("%s: pickle: reading the compressed container: %w", path, err)
	}
	data, err := readAll(r, opts.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	v, err := decodeAll(data, &opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func decodeAll(data []byte, opts *Options) (any, error) {
	if len(data) == 0 {
		return nil, errors.New("pickle: empty input")
	}
	return decode(&input{buf: data}, opts)
}
