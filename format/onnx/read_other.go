//go:build !unix

package onnx

import (
	"io"
	"os"
)

// readModel reads the model file into memory.
func readModel(f *os.File, size int64) (data []byte, release func(), err error) {
	data = make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}

// fileKey identifies the file fi describes by its name.
func fileKey(name string, fi os.FileInfo) any { return name }
